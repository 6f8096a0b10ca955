/* libFuzzer harness over the .npy validator. Besides the sanitizers'
 * checks it asserts what the module relies on: spans inside the payload, the
 * declared data present, error messages that fit in a Redis error reply,
 * NP.SET's header memo giving a full check's verdict, and NP.BLOCKS's window
 * (for a query drawn from the input's bytes) lying inside the payload and
 * reduced without a read outside it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "npy_block_window.h"
#include "npy_header_memo.h"
#include "npy_validate.h"

#define REQUIRE(cond)                                                                                                  \
    do {                                                                                                               \
        if (!(cond)) __builtin_trap();                                                                                 \
    } while (0)

static void checkAccepted(const NpyInfo *info, size_t len) {
    REQUIRE(info->major >= 1 && info->major <= 3 && info->minor == 0);
    REQUIRE(info->data_offset <= len);
    REQUIRE(info->header.offset + info->header.length <= info->data_offset);
    REQUIRE(info->descr.offset >= info->header.offset);
    REQUIRE(info->descr.offset + info->descr.length <= info->header.offset + info->header.length);
    REQUIRE(info->ndim >= 0 && info->ndim <= NPY_MAX_DIMS);
    REQUIRE(info->holds_objects || info->data_bytes <= len - info->data_offset);
}

static void checkRefused(const char *err) {
    size_t n = strnlen(err, NPY_ERROR_CAPACITY);
    REQUIRE(n > 0 && n < NPY_ERROR_CAPACITY);
    REQUIRE(memchr(err, '\n', n) == NULL && memchr(err, '\r', n) == NULL);
}

/* The canonical fast path must agree with the full parser field by field. */
static void checkSameResult(const uint8_t *data, size_t size, int result, const NpyInfo *info, const char *err) {
    NpyInfo full;
    char full_err[NPY_ERROR_CAPACITY];
    int full_result = npyValidateWithoutFastPath(data, size, &full, full_err, sizeof(full_err));
    REQUIRE(full_result == result);
    if (result == 0) REQUIRE(memcmp(&full, info, sizeof(full)) == 0);
    else REQUIRE(strcmp(full_err, err) == 0);
}

/* NP.INFO re-reads an accepted payload with its descr summary instead of
 * measuring the descr: it must find exactly what validation found. */
static void checkStoredRead(const uint8_t *data, size_t size, const NpyInfo *info) {
    NpyInfo stored;
    char err[NPY_ERROR_CAPACITY];
    NpyDescrSummary descr = npyDescrSummary(info);
    REQUIRE(npyReadStoredHeader(data, size, &descr, &stored, err, sizeof(err)) == 0);
    REQUIRE(memcmp(&stored, info, sizeof(stored)) == 0);
}

/* The memo carries over from one input to the next, as it does from one
 * NP.SET to the next. Each input goes through it twice: the second time it
 * meets the header the first accepted (unless that header was too long to
 * remember). Either way the verdict, summary and reason are a full check's. */
static NpyHeaderMemo memo;

static void checkMemo(const uint8_t *data, size_t size, int result, const NpyInfo *info, const char *err) {
    for (int pass = 0; pass < 2; pass++) {
        NpyDescrSummary descr;
        char memo_err[NPY_ERROR_CAPACITY];
        REQUIRE(npyValidateRemembering(&memo, data, size, &descr, memo_err, sizeof(memo_err)) == result);
        if (result == 0) {
            NpyDescrSummary expected = npyDescrSummary(info);
            REQUIRE(descr.offset == expected.offset && descr.length == expected.length);
            REQUIRE(descr.itemsize == expected.itemsize && descr.holds_objects == expected.holds_objects);
        } else {
            REQUIRE(strcmp(memo_err, err) == 0);
        }
    }
}

/* A number from the input's bytes, different for each `salt`. */
static uint64_t drawn(const uint8_t *data, size_t size, uint64_t salt) {
    uint64_t h = 1469598103934665603u ^ salt;
    for (size_t i = size > 64 ? size - 64 : 0; i < size; i++) h = (h ^ data[i]) * 1099511628211u;
    return h ^ h >> 29;
}

/* A range along an axis of `length` (at most 2^63 - 1), sometimes outside it (to meet the refusals). */
static NpyBlockRange drawnRange(const uint8_t *data, size_t size, uint64_t salt, uint64_t length) {
    uint64_t n = length > 0 ? length : 1;
    uint64_t start = drawn(data, size, salt) % (n + 1);
    uint64_t stop = start + 1 + drawn(data, size, salt + 2) % n;
    long long before = drawn(data, size, salt + 1) % 8 == 0;
    return (NpyBlockRange){(long long)start - before, stop > (uint64_t)INT64_MAX ? INT64_MAX : (long long)stop,
                           1 + (long long)(drawn(data, size, salt + 3) % 5)};
}

static void checkBlocks(const uint8_t *data, size_t size, const NpyInfo *info) {
    if (info->ndim < 2) return;
    NpyBlockQuery q = {0};
    q.has_axes = drawn(data, size, 10) % 4 != 0;
    q.axes[0] = (long long)(drawn(data, size, 11) % (uint64_t)info->ndim);
    q.axes[1] = (long long)(drawn(data, size, 12) % (uint64_t)info->ndim);
    q.has_index = 1;
    q.index_count = info->ndim;
    for (int k = 0; k < info->ndim; k++)
        q.index[k] = info->shape[k] ? (long long)(drawn(data, size, 20 + (uint64_t)k) % info->shape[k]) : 0;
    q.rows = drawnRange(data, size, 100, info->shape[q.has_axes ? q.axes[0] : info->ndim - 2]);
    q.cols = drawnRange(data, size, 200, info->shape[q.has_axes ? q.axes[1] : info->ndim - 1]);
    NpyBlockWindow w;
    char err[NPY_ERROR_CAPACITY + 256];
    if (npyBlockWindow(data, size, info, &q, &w, err, sizeof(err)) < 0) {
        REQUIRE(strnlen(err, sizeof(err)) > 0);
        return;
    }
    REQUIRE(w.first + (w.rows.length - 1) * (uint64_t)w.rows.stride + (w.cols.length - 1) * (uint64_t)w.cols.stride +
                w.format.itemsize <=
            size);
    uint64_t blocks = npyBlockCount(&w.rows) * npyBlockCount(&w.cols);
    double *planes = malloc(3 * blocks * sizeof(double));
    uint64_t *counts = malloc(blocks * sizeof(uint64_t));
    REQUIRE(planes && counts);
    npyReduceBlocks(&w.format, data + w.first, &w.rows, &w.cols, planes, planes + blocks, planes + 2 * blocks, counts);
    for (uint64_t i = 0; i < blocks; i++) REQUIRE(counts[i] > 0 || planes[i] != planes[i]);
    free(planes);
    free(counts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    NpyInfo info;
    char err[NPY_ERROR_CAPACITY];
    memset(err, 'x', sizeof(err));
    int result = npyValidate(data, size, &info, err, sizeof(err));
    if (result == 0) {
        checkAccepted(&info, size);
        checkStoredRead(data, size, &info);
        checkBlocks(data, size, &info);
    } else {
        checkRefused(err);
    }
    checkSameResult(data, size, result, &info, err);
    checkMemo(data, size, result, &info, err);
    return 0;
}
