/* npyHash64: four independent 64-bit lanes take 32 bytes per round, so the
 * multiplies of one round overlap and big arrays hash at memory speed. Every
 * step is a bijection of the running state for a fixed input word and of the
 * input word for a fixed state, so changing any one byte always changes the
 * result; the final avalanche spreads each input bit over all output bits.
 * Constants are the fractional bits of square roots of primes, made odd. */
#include "npy_hash.h"

#include <string.h>

#define WORD_MUL 0xcbbb9d5dc1059ed9ULL    /* sqrt(23) */
#define STATE_MUL 0x629a292a367cd507ULL   /* sqrt(29) */
#define MIX_MUL_1 0x152fecd8f70e5939ULL   /* sqrt(37) */
#define MIX_MUL_2 0x67332667ffc00b31ULL   /* sqrt(41) */
#define LANE_SEED_0 0xdb0c2e0d64f98fa7ULL /* sqrt(47) */
#define LANE_SEED_1 0x47b5481dbefa4fa5ULL /* sqrt(53) */
#define LANE_SEED_2 0xae5f9156e7b6d99bULL /* sqrt(59) */
#define LANE_SEED_3 0x9159015a3070dd17ULL /* sqrt(31) */

#define STRIPE_BYTES 32

static uint64_t rotateLeft(uint64_t x, unsigned bits) {
    return x << bits | x >> (64 - bits);
}

/* Little-endian on every machine, so all servers agree on the etag. */
static uint64_t loadWord(const unsigned char *p) {
    uint64_t word;
    memcpy(&word, p, sizeof(word));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    word = __builtin_bswap64(word);
#endif
    return word;
}

/* The last 1..7 bytes, little-endian, zero above them (the length, mixed in
 * at the end, tells "ab" from "ab\0"). */
static uint64_t loadTail(const unsigned char *p, size_t len) {
    uint64_t word = 0;
    for (size_t i = 0; i < len; i++) word |= (uint64_t)p[i] << (8 * i);
    return word;
}

/* Multiplying the word by an odd constant first lets its low bits reach the
 * high ones; the rotation brings high bits back down before the state's own
 * multiply. The word's multiply is off the state's dependency chain. */
static uint64_t absorb(uint64_t state, uint64_t word) {
    return rotateLeft(state ^ word * WORD_MUL, 29) * STATE_MUL;
}

/* A bijection in which every input bit flips each output bit about half the time. */
static uint64_t avalanche(uint64_t x) {
    x ^= x >> 31;
    x *= MIX_MUL_1;
    x ^= x >> 29;
    x *= MIX_MUL_2;
    return x ^ x >> 32;
}

/* All whole stripes into four lanes, then the lanes into one state. The
 * lanes are separate variables so they stay in registers. */
static uint64_t absorbStripes(const unsigned char *p, size_t stripes, uint64_t state) {
    uint64_t lane0 = LANE_SEED_0, lane1 = LANE_SEED_1, lane2 = LANE_SEED_2, lane3 = LANE_SEED_3;
    for (size_t s = 0; s < stripes; s++, p += STRIPE_BYTES) {
        lane0 = absorb(lane0, loadWord(p));
        lane1 = absorb(lane1, loadWord(p + 8));
        lane2 = absorb(lane2, loadWord(p + 16));
        lane3 = absorb(lane3, loadWord(p + 24));
    }
    state = absorb(state, avalanche(lane0));
    state = absorb(state, avalanche(lane1));
    state = absorb(state, avalanche(lane2));
    return absorb(state, avalanche(lane3));
}

uint64_t npyHash64(const void *data, size_t len) {
    const unsigned char *p = data;
    uint64_t state = LANE_SEED_0 ^ len * WORD_MUL;
    size_t stripes = len / STRIPE_BYTES;
    if (stripes > 0) state = absorbStripes(p, stripes, state);
    p += stripes * STRIPE_BYTES;
    size_t rest = len % STRIPE_BYTES;
    for (; rest >= 8; rest -= 8, p += 8) state = absorb(state, loadWord(p));
    if (rest > 0) state = absorb(state, loadTail(p, rest));
    return avalanche(state ^ len);
}
