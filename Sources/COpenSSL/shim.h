// OpenSSL 3 for OrderlyTLS. The function-like macros used there do not import into Swift, so
// each gets a static inline wrapper with an orderly_ prefix.
#ifndef ORDERLY_COPENSSL_SHIM_H
#define ORDERLY_COPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

static inline int orderly_ssl_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

static inline int orderly_ssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

/// A memory BIO that reports "retry" (not end of file) when it is empty.
static inline BIO *orderly_bio_new_mem(void) {
    BIO *bio = BIO_new(BIO_s_mem());
    if (bio != NULL) {
        BIO_set_mem_eof_return(bio, -1);
    }
    return bio;
}

/// No renegotiation (a CPU sink for attackers), no TLS compression (CRIME), the server's cipher
/// order, and no server-side session cache (memory an attacker could fill).
static inline void orderly_ssl_ctx_set_hardening_options(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
                                 SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
}

#endif
