/* NP.BLOCKS key ROWS start stop step COLS start stop step [AXES rows cols] [INDEX i ...]
 *
 * The window [start, stop) of the plane showing array axes `rows` and `cols`
 * (by default the two fastest-varying ones: the last two in C order, the
 * first two in Fortran order) at INDEX (one index per axis, the plane's own
 * ignored; zeros by default), cut into blocks of ROWS step × COLS step
 * elements (the last ones along each axis shorter), each reduced to its min,
 * max and mean as numpy's nanmin, nanmax and nanmean (npy_reduce.h). Replies
 * nil for a missing key, else
 *
 *   1) etag     16 hex digits, as NP.ETAG: the version the blocks are of
 *   2) rows     blocks down: ceil((stop - start) / step) of ROWS
 *   3) columns  blocks across, of COLS
 *   4) planes   rows × columns little-endian float64 minima in C order, then
 *               the maxima, then the means
 *
 * A client reduces a huge plane a band of blocks per call, so only the
 * results cross the network; comparing each reply's etag with the first
 * tells it the array was rewritten between two bands. One call reads at most
 * NPY_BLOCKS_MAX_ELEMENTS elements, so the server is never held long. */
#include "npy_blocks.h"

#include <stdio.h>
#include <string.h>

#include "npy_reduce.h"
#include "npy_type.h"
#include "npy_validate.h"
#include "npy_value.h"

#define USAGE "NP.BLOCKS key ROWS start stop step COLS start stop step [AXES rows cols] [INDEX i ...]"
#define ERR_CAPACITY (NPY_ERROR_CAPACITY + 256)

typedef struct {
    long long start, stop, step;
} Range;

typedef struct {
    Range rows, cols;
    int has_rows, has_cols, has_axes, has_index;
    long long axes[2];
    long long index[NPY_MAX_DIMS];
    int index_count;
} BlocksArgs;

static int argIs(RedisModuleString *arg, const char *word) {
    size_t len;
    const char *s = RedisModule_StringPtrLen(arg, &len);
    if (len != strlen(word)) return 0;
    for (size_t i = 0; i < len; i++)
        if ((s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]) != word[i]) return 0;
    return 1;
}

static int isKeyword(RedisModuleString *arg) {
    return argIs(arg, "ROWS") || argIs(arg, "COLS") || argIs(arg, "AXES") || argIs(arg, "INDEX");
}

/* Reads count integers from argv[*at] on, advancing *at. */
static int integers(RedisModuleCtx *ctx, RedisModuleString **argv, int argc, int *at, long long *out, int count,
                    const char *what) {
    char err[ERR_CAPACITY];
    if (*at + count > argc) {
        snprintf(err, sizeof(err), "ERR %s needs %d integers; usage: %s", what, count, USAGE);
        return RedisModule_ReplyWithError(ctx, err), -1;
    }
    for (int i = 0; i < count; i++, (*at)++) {
        if (RedisModule_StringToLongLong(argv[*at], &out[i]) != REDISMODULE_OK) {
            size_t len;
            const char *s = RedisModule_StringPtrLen(argv[*at], &len);
            snprintf(err, sizeof(err), "ERR %s takes integers; got '%.*s'", what, (int)(len > 40 ? 40 : len), s);
            return RedisModule_ReplyWithError(ctx, err), -1;
        }
    }
    return 0;
}

/* INDEX's integers: every argument up to the next keyword. */
static int indexArgs(RedisModuleCtx *ctx, RedisModuleString **argv, int argc, int *at, BlocksArgs *args) {
    int count = 0;
    while (*at + count < argc && !isKeyword(argv[*at + count])) count++;
    if (count > NPY_MAX_DIMS) {
        char err[ERR_CAPACITY];
        snprintf(err, sizeof(err), "ERR INDEX takes one index per axis, at most %d; got %d", NPY_MAX_DIMS, count);
        return RedisModule_ReplyWithError(ctx, err), -1;
    }
    args->index_count = count;
    return integers(ctx, argv, argc, at, args->index, count, "INDEX");
}

static int parseArgs(RedisModuleCtx *ctx, RedisModuleString **argv, int argc, BlocksArgs *args) {
    char err[ERR_CAPACITY];
    memset(args, 0, sizeof(*args));
    for (int at = 2; at < argc;) {
        RedisModuleString *word = argv[at++];
        int *seen = argIs(word, "ROWS")    ? &args->has_rows
                    : argIs(word, "COLS")  ? &args->has_cols
                    : argIs(word, "AXES")  ? &args->has_axes
                    : argIs(word, "INDEX") ? &args->has_index
                                           : NULL;
        if (seen == NULL || *seen) {
            size_t len;
            const char *s = RedisModule_StringPtrLen(word, &len);
            snprintf(err, sizeof(err), "ERR %s '%.*s'; usage: %s", seen ? "repeated option" : "syntax error at",
                     (int)(len > 40 ? 40 : len), s, USAGE);
            return RedisModule_ReplyWithError(ctx, err), -1;
        }
        *seen = 1;
        int r = seen == &args->has_rows   ? integers(ctx, argv, argc, &at, &args->rows.start, 3, "ROWS")
                : seen == &args->has_cols ? integers(ctx, argv, argc, &at, &args->cols.start, 3, "COLS")
                : seen == &args->has_axes ? integers(ctx, argv, argc, &at, args->axes, 2, "AXES")
                                          : indexArgs(ctx, argv, argc, &at, args);
        if (r < 0) return -1;
    }
    if (!args->has_rows || !args->has_cols) {
        snprintf(err, sizeof(err), "ERR ROWS and COLS are required; usage: %s", USAGE);
        return RedisModule_ReplyWithError(ctx, err), -1;
    }
    return 0;
}

/* ---------- the request against the array's header ---------- */

/* Checks the axes and indices, filling defaults. Replies and returns -1 on a problem. */
static int checkPlace(RedisModuleCtx *ctx, BlocksArgs *args, const NpyInfo *info) {
    char err[ERR_CAPACITY];
    int n = info->ndim;
    if (n < 2) {
        snprintf(err, sizeof(err), "ERR NP.BLOCKS needs an array of 2 or more dimensions; this one has %d", n);
        return RedisModule_ReplyWithError(ctx, err), -1;
    }
    if (!args->has_axes) {
        args->axes[0] = info->fortran_order ? 0 : n - 2;
        args->axes[1] = info->fortran_order ? 1 : n - 1;
    }
    for (int k = 0; k < 2; k++)
        if (args->axes[k] < 0 || args->axes[k] >= n) {
            snprintf(err, sizeof(err), "ERR AXES must name two axes of the array, 0 to %d; got %lld", n - 1,
                     args->axes[k]);
            return RedisModule_ReplyWithError(ctx, err), -1;
        }
    if (args->axes[0] == args->axes[1]) {
        snprintf(err, sizeof(err), "ERR AXES must be two different axes; both are %lld", args->axes[0]);
        return RedisModule_ReplyWithError(ctx, err), -1;
    }
    if (args->has_index && args->index_count != n) {
        snprintf(err, sizeof(err), "ERR INDEX must give one index per axis (%d); got %d", n, args->index_count);
        return RedisModule_ReplyWithError(ctx, err), -1;
    }
    for (int k = 0; k < n; k++) {
        if (k == args->axes[0] || k == args->axes[1]) continue;
        long long index = args->has_index ? args->index[k] : 0;
        if (index < 0 || (uint64_t)index >= info->shape[k]) {
            snprintf(err, sizeof(err), "ERR INDEX %lld is outside axis %d of length %llu", index, k,
                     (unsigned long long)info->shape[k]);
            return RedisModule_ReplyWithError(ctx, err), -1;
        }
    }
    return 0;
}

static int checkRange(RedisModuleCtx *ctx, const char *name, const Range *r, uint64_t length, long long axis) {
    if (r->start >= 0 && r->start < r->stop && (uint64_t)r->stop <= length && r->step >= 1) return 0;
    char err[ERR_CAPACITY];
    snprintf(err, sizeof(err),
             "ERR %s must be start stop step with 0 <= start < stop <= %llu (axis %lld) and step >= 1; got %lld %lld "
             "%lld",
             name, (unsigned long long)length, axis, r->start, r->stop, r->step);
    return RedisModule_ReplyWithError(ctx, err), -1;
}

/* The cost of one call stays bounded: refuse a window that reads or answers too much. */
static int checkSize(RedisModuleCtx *ctx, const NpyBlockAxis *rows, const NpyBlockAxis *cols) {
    char err[ERR_CAPACITY];
    uint64_t elements = rows->length * cols->length; /* each below 2^63 / itemsize: the array's own count bounds it */
    uint64_t blocks = npyBlockCount(rows) * npyBlockCount(cols);
    if (elements > NPY_BLOCKS_MAX_ELEMENTS) {
        snprintf(err, sizeof(err),
                 "ERR NP.BLOCKS reads at most %llu elements per call; this window has %llu x %llu: ask for a band of "
                 "fewer rows or columns at a time",
                 (unsigned long long)NPY_BLOCKS_MAX_ELEMENTS, (unsigned long long)rows->length,
                 (unsigned long long)cols->length);
        return RedisModule_ReplyWithError(ctx, err), -1;
    }
    if (blocks > NPY_BLOCKS_MAX_BLOCKS) {
        snprintf(err, sizeof(err),
                 "ERR NP.BLOCKS answers at most %llu blocks per call; this window makes %llu: ask for bigger steps or "
                 "a smaller window",
                 (unsigned long long)NPY_BLOCKS_MAX_BLOCKS, (unsigned long long)blocks);
        return RedisModule_ReplyWithError(ctx, err), -1;
    }
    return 0;
}

/* How the stored elements are numbers, from the descr's text. */
static int numberFormat(RedisModuleCtx *ctx, const char *bytes, const NpyInfo *info, NpyNumberFormat *format) {
    char err[ERR_CAPACITY], lit_err[NPY_ERROR_CAPACITY], text[72], quoted[96];
    LitParser p;
    LitValue descr;
    const char *why = "it is a structured or subarray dtype";
    litInit(&p, (const unsigned char *)bytes + info->descr.offset, info->descr.length, info->major >= 3, lit_err,
            sizeof(lit_err));
    if (litParseValue(&p, &descr) < 0) why = lit_err;
    else if (descr.kind == LIT_STR && litDecodedBound(&descr) <= sizeof(text)) {
        NpyPlainType type;
        size_t n = litDecodeString(&p, &descr, text);
        why = npyPlainType(text, n, &type);
        if (why == NULL) why = npyNumberFormat(&type, format);
        if (why == NULL) return 0;
    }
    litQuote(&p, &descr, quoted, sizeof(quoted));
    snprintf(err, sizeof(err),
             "ERR NP.BLOCKS reduces arrays of real numbers (bool, int, uint, float); this one's descr is %s: %s",
             quoted, why);
    return RedisModule_ReplyWithError(ctx, err), -1;
}

/* Byte strides of every axis, from the shape and order. */
static void byteStrides(const NpyInfo *info, uint64_t strides[NPY_MAX_DIMS]) {
    uint64_t stride = info->itemsize;
    for (int i = 0; i < info->ndim; i++) {
        int axis = info->fortran_order ? i : info->ndim - 1 - i;
        strides[axis] = stride;
        stride *= info->shape[axis];
    }
}

/* ---------- the reply ---------- */

static void replyBlocks(RedisModuleCtx *ctx, NpyValue *value, const NpyNumberFormat *format, const unsigned char *first,
                        const NpyBlockAxis *rows, const NpyBlockAxis *cols) {
    uint64_t blocks = npyBlockCount(rows) * npyBlockCount(cols);
    double *planes = RedisModule_TryAlloc(3 * (size_t)blocks * sizeof(double));
    uint64_t *counts = RedisModule_TryAlloc((size_t)blocks * sizeof(uint64_t));
    if (planes == NULL || counts == NULL) {
        RedisModule_ReplyWithError(ctx, "ERR out of memory for NP.BLOCKS's reply: ask for fewer blocks");
    } else {
        npyReduceBlocks(format, first, rows, cols, planes, planes + blocks, planes + 2 * blocks, counts);
        for (uint64_t i = 0; i < 3 * blocks; i++) planes[i] = npyLittleEndianDouble(planes[i]);
        char hex[NPY_ETAG_HEX_LEN + 1];
        npyEtagFormat(npyValueEtag(value), hex);
        RedisModule_ReplyWithArray(ctx, 4);
        RedisModule_ReplyWithStringBuffer(ctx, hex, NPY_ETAG_HEX_LEN);
        RedisModule_ReplyWithLongLong(ctx, (long long)npyBlockCount(rows));
        RedisModule_ReplyWithLongLong(ctx, (long long)npyBlockCount(cols));
        RedisModule_ReplyWithStringBuffer(ctx, (const char *)planes, 3 * (size_t)blocks * sizeof(double));
    }
    if (planes) RedisModule_Free(planes);
    if (counts) RedisModule_Free(counts);
}

static int npBlocksCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    BlocksArgs args;
    NpyValue *value;
    NpyInfo info;
    NpyNumberFormat format;
    char err[NPY_ERROR_CAPACITY];
    size_t len;
    if (argc < 2) return RedisModule_WrongArity(ctx);
    if (parseArgs(ctx, argv, argc, &args) < 0) return REDISMODULE_OK;
    if (npyReadValue(ctx, argv[1], &value) < 0) return REDISMODULE_OK;
    if (value == NULL) return RedisModule_ReplyWithNull(ctx);
    const char *bytes = npyValueBytes(value, &len);
    if (npyReadStoredHeader((const unsigned char *)bytes, len, &value->descr, &info, err, sizeof(err)) < 0)
        return RedisModule_ReplyWithError(ctx, "ERR stored value no longer parses as .npy (please report this)");
    if (info.holds_objects)
        return RedisModule_ReplyWithError(ctx, "ERR NP.BLOCKS reduces arrays of real numbers "
                                               "(bool, int, uint, float); this one holds objects");
    if (checkPlace(ctx, &args, &info) < 0 ||
        checkRange(ctx, "ROWS", &args.rows, info.shape[args.axes[0]], args.axes[0]) < 0 ||
        checkRange(ctx, "COLS", &args.cols, info.shape[args.axes[1]], args.axes[1]) < 0 ||
        numberFormat(ctx, bytes, &info, &format) < 0)
        return REDISMODULE_OK;

    uint64_t strides[NPY_MAX_DIMS];
    byteStrides(&info, strides);
    NpyBlockAxis rows = {(uint64_t)(args.rows.stop - args.rows.start), (int64_t)strides[args.axes[0]],
                         (uint64_t)args.rows.step};
    NpyBlockAxis cols = {(uint64_t)(args.cols.stop - args.cols.start), (int64_t)strides[args.axes[1]],
                         (uint64_t)args.cols.step};
    if (checkSize(ctx, &rows, &cols) < 0) return REDISMODULE_OK;
    /* Every offset is below the array's data bytes (indices within the shape), so nothing here overflows. */
    uint64_t first = info.data_offset + (uint64_t)args.rows.start * strides[args.axes[0]] +
                     (uint64_t)args.cols.start * strides[args.axes[1]];
    for (int k = 0; k < info.ndim; k++)
        if (k != args.axes[0] && k != args.axes[1] && args.has_index) first += (uint64_t)args.index[k] * strides[k];
    uint64_t last_end =
        first + (rows.length - 1) * (uint64_t)rows.stride + (cols.length - 1) * (uint64_t)cols.stride + info.itemsize;
    if (last_end > len)
        return RedisModule_ReplyWithError(ctx, "ERR stored value is shorter than its header says (please report this)");
    replyBlocks(ctx, value, &format, (const unsigned char *)bytes + first, &rows, &cols);
    return REDISMODULE_OK;
}

int npyBlocksRegister(RedisModuleCtx *ctx) {
    return RedisModule_CreateCommand(ctx, "np.blocks", npBlocksCommand, "readonly", 1, 1, 1);
}
