/*
 * sha256.c -- fingerprints of the input files (the only file using nettle).
 *
 * Every result records the sha256 of each file it was computed from, so a
 * planner can prove later which measures.csv a decision-meeting report was
 * based on.  The hash is of the bytes as read, before any re-encoding, so
 * it matches `sha256sum` on the file.
 */
#include "load_int.h"

#include <nettle/sha2.h>

void jm_sha256_hex(const void *data, size_t len, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    struct sha256_ctx ctx;
    uint8_t dig[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof dig, dig);
    for (size_t i = 0; i < sizeof dig; i++) {
        hex[2 * i] = digits[dig[i] >> 4];
        hex[2 * i + 1] = digits[dig[i] & 15];
    }
    hex[64] = 0;
}
