/* libFuzzer harness over the .npy validator. Besides the sanitizers'
 * checks it asserts what the module relies on: spans inside the payload, the
 * declared data present, error messages that fit in a Redis error reply, and
 * NP.SET's header memo giving a full check's verdict. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    NpyInfo info;
    char err[NPY_ERROR_CAPACITY];
    memset(err, 'x', sizeof(err));
    int result = npyValidate(data, size, &info, err, sizeof(err));
    if (result == 0) {
        checkAccepted(&info, size);
        checkStoredRead(data, size, &info);
    } else {
        checkRefused(err);
    }
    checkSameResult(data, size, result, &info, err);
    checkMemo(data, size, result, &info, err);
    return 0;
}
