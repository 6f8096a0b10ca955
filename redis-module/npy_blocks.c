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

#include "npy_block_window.h"
#include "npy_reduce.h"
#include "npy_type.h"
#include "npy_validate.h"
#include "npy_value.h"

#define USAGE "NP.BLOCKS key ROWS start stop step COLS start stop step [AXES rows cols] [INDEX i ...]"
#define ERR_CAPACITY (NPY_ERROR_CAPACITY + 256)

/* The query and which options were given (each at most once). */
typedef struct {
    NpyBlockQuery query;
    int has_rows, has_cols;
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
    args->query.index_count = count;
    return integers(ctx, argv, argc, at, args->query.index, count, "INDEX");
}

/* Stores an option's integers where they belong. */
static void keep(BlocksArgs *args, const int *seen, const long long *values) {
    NpyBlockQuery *q = &args->query;
    if (seen == &args->has_rows) q->rows = (NpyBlockRange){values[0], values[1], values[2]};
    else if (seen == &args->has_cols) q->cols = (NpyBlockRange){values[0], values[1], values[2]};
    else if (seen == &q->has_axes) q->axes[0] = values[0], q->axes[1] = values[1];
}

static int parseArgs(RedisModuleCtx *ctx, RedisModuleString **argv, int argc, BlocksArgs *args) {
    char err[ERR_CAPACITY];
    memset(args, 0, sizeof(*args));
    for (int at = 2; at < argc;) {
        RedisModuleString *word = argv[at++];
        const char *name = argIs(word, "ROWS")    ? "ROWS"
                           : argIs(word, "COLS")  ? "COLS"
                           : argIs(word, "AXES")  ? "AXES"
                           : argIs(word, "INDEX") ? "INDEX"
                                                  : NULL;
        int *seen = name == NULL     ? NULL
                    : name[0] == 'R' ? &args->has_rows
                    : name[0] == 'C' ? &args->has_cols
                    : name[0] == 'A' ? &args->query.has_axes
                                     : &args->query.has_index;
        if (seen == NULL || *seen) {
            size_t len;
            const char *s = RedisModule_StringPtrLen(word, &len);
            snprintf(err, sizeof(err), "ERR %s '%.*s'; usage: %s", seen ? "repeated option" : "syntax error at",
                     (int)(len > 40 ? 40 : len), s, USAGE);
            return RedisModule_ReplyWithError(ctx, err), -1;
        }
        *seen = 1;
        if (seen == &args->query.has_index) {
            if (indexArgs(ctx, argv, argc, &at, args) < 0) return -1;
        } else {
            long long values[3];
            if (integers(ctx, argv, argc, &at, values, seen == &args->query.has_axes ? 2 : 3, name) < 0) return -1;
            keep(args, seen, values);
        }
    }
    if (!args->has_rows || !args->has_cols) {
        snprintf(err, sizeof(err), "ERR ROWS and COLS are required; usage: %s", USAGE);
        return RedisModule_ReplyWithError(ctx, err), -1;
    }
    return 0;
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
    NpyBlockWindow window;
    char err[ERR_CAPACITY];
    size_t len;
    if (argc < 2) return RedisModule_WrongArity(ctx);
    if (parseArgs(ctx, argv, argc, &args) < 0) return REDISMODULE_OK;
    if (npyReadValue(ctx, argv[1], &value) < 0) return REDISMODULE_OK;
    if (value == NULL) return RedisModule_ReplyWithNull(ctx);
    const unsigned char *bytes = (const unsigned char *)npyValueBytes(value, &len);
    if (npyReadStoredHeader(bytes, len, &value->descr, &info, err, sizeof(err)) < 0)
        return RedisModule_ReplyWithError(ctx, "ERR stored value no longer parses as .npy (please report this)");
    if (npyBlockWindow(bytes, len, &info, &args.query, &window, err, sizeof(err)) < 0) {
        char reply[ERR_CAPACITY + 8];
        snprintf(reply, sizeof(reply), "ERR %s", err);
        return RedisModule_ReplyWithError(ctx, reply);
    }
    replyBlocks(ctx, value, &window.format, bytes + window.first, &window.rows, &window.cols);
    return REDISMODULE_OK;
}

int npyBlocksRegister(RedisModuleCtx *ctx) {
    return RedisModule_CreateCommand(ctx, "np.blocks", npBlocksCommand, "readonly", 1, 1, 1);
}
