// Imports zlib (Debian's zlib1g-dev) into Swift, with the init macros as functions (Swift
// cannot call deflateInit2/inflateInit2, which are macros over the *_ versions).
#ifndef ORDERLY_CZLIB_SHIM_H
#define ORDERLY_CZLIB_SHIM_H
#include <zlib.h>

static inline int orderly_deflate_init(z_streamp stream, int windowBits) {
    return deflateInit2(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}

static inline int orderly_inflate_init(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
#endif
