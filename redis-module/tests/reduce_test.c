/* Checks npyReduceBlocks without a server, built with ASan + UBSan: windows
 * of random size, place, block size and memory order, over buffers
 * allocated to the exact byte so any read past the window's last element is
 * caught, each block equal to a plain loop over that block alone (min, max
 * and count exact; the values are small integers, so every sum is exact and
 * the means must be equal too). Both byte orders of int16 and float32, and
 * NaN skipped. numpy's own verdict, dtype by dtype, is in test_blocks.py.
 * Prints each failure; exits 1 if any. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "npy_reduce.h"

static int failures = 0;

static void fail(const char *what, int trial, uint64_t block, double got, double want) {
    if (failures++ < 20)
        printf("FAIL %s, trial %d block %llu: %g, want %g\n", what, trial, (unsigned long long)block, got, want);
}

static uint64_t rng_state = 7;
static uint64_t nextRandom(uint64_t below) {
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (rng_state >> 33) % below;
}

/* Writes value as the element at p in the format's size and byte order. */
static void store(const NpyNumberFormat *format, unsigned char *p, double value) {
    unsigned char bytes[4];
    if (format->kind == NPY_NUM_I2) {
        int16_t v = (int16_t)value;
        memcpy(bytes, &v, 2);
    } else {
        float v = (float)value;
        memcpy(bytes, &v, 4);
    }
    for (size_t i = 0; i < format->itemsize; i++) p[i] = bytes[format->swapped ? format->itemsize - 1 - i : i];
}

static int sameNumber(double a, double b) {
    return (isnan(a) && isnan(b)) || a == b;
}

/* The block (br, bc) by a plain loop over its elements, from the array of values. */
static void reference(const double *values, const NpyBlockAxis *rows, const NpyBlockAxis *cols, int64_t row_step,
                      int64_t col_step, uint64_t br, uint64_t bc, double out[3]) {
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    uint64_t n = 0;
    for (uint64_t r = br * rows->block; r < rows->length && r < (br + 1) * rows->block; r++)
        for (uint64_t c = bc * cols->block; c < cols->length && c < (bc + 1) * cols->block; c++) {
            double v = values[(int64_t)r * row_step + (int64_t)c * col_step];
            if (isnan(v)) continue;
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
            sum += v;
            n++;
        }
    out[0] = n ? lo : NAN;
    out[1] = n ? hi : NAN;
    out[2] = n ? sum / (double)n : NAN;
}

static void trial(int t) {
    NpyNumberFormat format = {nextRandom(2) ? NPY_NUM_I2 : NPY_NUM_F4, (int)nextRandom(2), 0};
    format.itemsize = format.kind == NPY_NUM_I2 ? 2 : 4;
    uint64_t height = 1 + nextRandom(40), width = 1 + nextRandom(40);
    int fortran = (int)nextRandom(2);
    int64_t row_step = fortran ? 1 : (int64_t)width, col_step = fortran ? (int64_t)height : 1;
    size_t count = height * width;
    unsigned char *data = malloc(count * format.itemsize);
    double *values = malloc(count * sizeof(double));
    for (size_t i = 0; i < count; i++) {
        values[i] = format.kind == NPY_NUM_F4 && nextRandom(5) == 0 ? NAN : (double)nextRandom(2001) - 1000;
        store(&format, data + i * format.itemsize, values[i]);
    }
    /* A window that ends at the buffer's last element half the time. */
    uint64_t r0 = nextRandom(height), c0 = nextRandom(width);
    uint64_t r1 = nextRandom(2) ? height : r0 + 1 + nextRandom(height - r0);
    uint64_t c1 = nextRandom(2) ? width : c0 + 1 + nextRandom(width - c0);
    NpyBlockAxis rows = {r1 - r0, row_step * (int64_t)format.itemsize, 1 + nextRandom(9)};
    NpyBlockAxis cols = {c1 - c0, col_step * (int64_t)format.itemsize, 1 + nextRandom(9)};
    uint64_t blocks = npyBlockCount(&rows) * npyBlockCount(&cols);
    double *planes = malloc(3 * blocks * sizeof(double));
    uint64_t *counts = malloc(blocks * sizeof(uint64_t));
    const unsigned char *first = data + ((int64_t)r0 * row_step + (int64_t)c0 * col_step) * (int64_t)format.itemsize;
    npyReduceBlocks(&format, first, &rows, &cols, planes, planes + blocks, planes + 2 * blocks, counts);
    const double *window = values + (int64_t)r0 * row_step + (int64_t)c0 * col_step;
    for (uint64_t br = 0; br < npyBlockCount(&rows); br++)
        for (uint64_t bc = 0; bc < npyBlockCount(&cols); bc++) {
            double want[3];
            uint64_t at = br * npyBlockCount(&cols) + bc;
            reference(window, &rows, &cols, row_step, col_step, br, bc, want);
            static const char *names[] = {"min", "max", "mean"};
            for (int k = 0; k < 3; k++)
                if (!sameNumber(planes[k * blocks + at], want[k]))
                    fail(names[k], t, at, planes[k * blocks + at], want[k]);
        }
    free(planes);
    free(counts);
    free(data);
    free(values);
}

int main(void) {
    for (int t = 0; t < 3000; t++) trial(t);
    if (failures) printf("%d failures\n", failures);
    else printf("reduce_test: 3000 windows equal to the plain loop\n");
    return failures ? 1 : 0;
}
