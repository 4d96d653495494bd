// CCRC32C: CRC-32C with the CPU's own instruction (SSE 4.2 on x86-64), which Swift cannot name.
// Recovery checksums every byte of the newest snapshot and of the journal after it; the table
// method in OrderlyDurability/CRC32C.swift did about 3 GB/s, the instruction several times that.
// Header-only (static inline, compiled for SSE 4.2 by the target attribute); callers check
// orderly_crc32c_hardware() once and keep the table method where it is 0.
#ifndef ORDERLY_CRC32C_H
#define ORDERLY_CRC32C_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>

/// 1 when the CPU has the SSE 4.2 crc32 instruction.
static inline int orderly_crc32c_hardware(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    return (c & bit_SSE4_2) != 0;
}

/// Feeds `count` bytes at `bytes` into `crc` (the running, not yet inverted, state).
__attribute__((target("sse4.2")))
static inline uint32_t orderly_crc32c_update(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *p = (const unsigned char *)bytes;
    uint64_t state = crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        state = __builtin_ia32_crc32di(state, word);
        p += 8;
        count -= 8;
    }
    uint32_t small = (uint32_t)state;
    while (count > 0) {
        small = __builtin_ia32_crc32qi(small, *p);
        p += 1;
        count -= 1;
    }
    return small;
}
#else
static inline int orderly_crc32c_hardware(void) { return 0; }
static inline uint32_t orderly_crc32c_update(uint32_t crc, const void *bytes, size_t count) {
    (void)bytes; (void)count;
    return crc;
}
#endif

#endif
