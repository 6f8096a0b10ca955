/* Checks npyHash64, the etag's hash, without a server: every byte position
 * changes it, lengths are told apart, structured inputs spread over all
 * output bits, one flipped input bit flips each output bit about half the
 * time, and its values are pinned (RDB files store them). Prints each
 * failure; exits 1 if any. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "npy_hash.h"

static int failures = 0;

static void fail(const char *what, size_t a, size_t b, double value) {
    if (failures++ < 20) printf("FAIL %s (%zu, %zu): %g\n", what, a, b, value);
}

/* A fixed-seed generator for test inputs: an LCG whose high bits are folded down. */
static uint64_t rng_state = 1;
static uint64_t nextRandom(void) {
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return rng_state ^ rng_state >> 29;
}

static void fillRandom(unsigned char *buf, size_t len) {
    for (size_t i = 0; i < len; i++) buf[i] = (unsigned char)(nextRandom() >> 32);
}

/* Any change of any one byte, at every position of every length up to 300. */
static void everyBytePositionMatters(void) {
    unsigned char buf[300];
    for (size_t len = 1; len <= sizeof(buf); len++) {
        fillRandom(buf, len);
        uint64_t base = npyHash64(buf, len);
        for (size_t pos = 0; pos < len; pos++) {
            unsigned char kept = buf[pos];
            for (int delta = 1; delta < 256; delta += len < 40 ? 1 : 37) {
                buf[pos] = (unsigned char)(kept ^ delta);
                if (npyHash64(buf, len) == base) fail("byte change kept the hash", len, pos, delta);
            }
            buf[pos] = kept;
        }
    }
}

/* Zero-filled buffers of every length up to 4096 hash differently. */
static int compareU64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void lengthsAreToldApart(void) {
    enum { N = 4097 };
    static unsigned char zeros[N];
    static uint64_t hashes[N];
    for (size_t len = 0; len < N; len++) hashes[len] = npyHash64(zeros, len);
    qsort(hashes, N, sizeof(hashes[0]), compareU64);
    for (size_t i = 1; i < N; i++)
        if (hashes[i] == hashes[i - 1]) fail("two lengths of zeros share a hash", i, 0, 0);
}

/* 2^16 arrays of 168 bytes (a .npy's size) differing in a counter at one
 * offset, the way versions of a small array differ: no collisions, every
 * output bit set half the time, the low and high bytes evenly spread. */
static void checkBuckets(const char *what, const unsigned *count, size_t n) {
    double expected = (double)n / 256, chi2 = 0;
    for (int b = 0; b < 256; b++) chi2 += (count[b] - expected) * (count[b] - expected) / expected;
    /* 255 degrees of freedom: mean 255, standard deviation 22.6; 6 of those. */
    if (chi2 > 255 + 6 * 22.6) fail(what, n, 0, chi2);
}

static void structuredInputsSpread(size_t offset) {
    enum { N = 1 << 16, LEN = 168 };
    static uint64_t hashes[N];
    unsigned char buf[LEN];
    unsigned low[256] = {0}, high[256] = {0}, ones[64] = {0};
    memset(buf, 0x20, LEN);
    for (uint32_t i = 0; i < N; i++) {
        memcpy(buf + offset, &i, sizeof(i));
        uint64_t h = hashes[i] = npyHash64(buf, LEN);
        low[h & 0xFF]++;
        high[h >> 56]++;
        for (int bit = 0; bit < 64; bit++) ones[bit] += (unsigned)(h >> bit & 1);
    }
    /* One standard deviation is 0.2% at this count; 1% is five of them. */
    for (int bit = 0; bit < 64; bit++)
        if (ones[bit] < N * 0.49 || ones[bit] > N * 0.51) fail("output bit biased", offset, (size_t)bit, ones[bit]);
    checkBuckets("low byte unevenly spread", low, N);
    checkBuckets("high byte unevenly spread", high, N);
    qsort(hashes, N, sizeof(hashes[0]), compareU64);
    for (size_t i = 1; i < N; i++)
        if (hashes[i] == hashes[i - 1]) fail("collision among counters", offset, i, 0);
}

/* Strict avalanche: over 1000 random inputs, flipping input bit i flips
 * output bit j with probability 0.5 +- 0.1 (six standard deviations). From 4
 * bytes up: shorter inputs have too few distinct values for that statistic. */
static void avalanche(size_t len) {
    enum { TRIALS = 1000 };
    unsigned char buf[168];
    unsigned *flips = calloc(len * 8 * 64, sizeof(unsigned));
    for (int t = 0; t < TRIALS; t++) {
        fillRandom(buf, len);
        uint64_t base = npyHash64(buf, len);
        for (size_t bit = 0; bit < len * 8; bit++) {
            buf[bit / 8] ^= (unsigned char)(1u << bit % 8);
            uint64_t diff = base ^ npyHash64(buf, len);
            buf[bit / 8] ^= (unsigned char)(1u << bit % 8);
            for (int out = 0; out < 64; out++) flips[bit * 64 + (size_t)out] += (unsigned)(diff >> out & 1);
        }
    }
    for (size_t i = 0; i < len * 8 * 64; i++) {
        double p = (double)flips[i] / TRIALS;
        if (p < 0.4 || p > 0.6) fail("weak avalanche (length, input bit * 64 + output bit)", len, i, p);
    }
    free(flips);
}

/* RDB files store etags and equal bytes must keep one etag across versions
 * of the module: a change here needs a new encver that recomputes them. */
static void valuesArePinned(void) {
    static const struct {
        const char *text;
        uint64_t hash;
    } pins[] = {
        {"", 0xd73e7f8e6345cdf8ULL},
        {"\x93NUMPY", 0x0292a76dda6a59d7ULL},
        {"01234567890123456789012345678901234567890123456789"
         "01234567890123456789012345678901234567890123456789",
         0x88b0fd3e95da24d5ULL},
    };
    for (size_t i = 0; i < sizeof(pins) / sizeof(pins[0]); i++) {
        uint64_t h = npyHash64(pins[i].text, strlen(pins[i].text));
        if (h != pins[i].hash) {
            printf("pinned value %zu changed: 0x%016llxULL\n", i, (unsigned long long)h);
            failures++;
        }
    }
}

int main(void) {
    everyBytePositionMatters();
    lengthsAreToldApart();
    structuredInputsSpread(0);
    structuredInputsSpread(100);
    structuredInputsSpread(164);
    size_t lengths[] = {4, 8, 31, 32, 33, 100, 168};
    for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) avalanche(lengths[i]);
    valuesArePinned();
    printf("%s: %d failure%s\n", failures ? "FAIL" : "ok", failures, failures == 1 ? "" : "s");
    return failures ? 1 : 0;
}
