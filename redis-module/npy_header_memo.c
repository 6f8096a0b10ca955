/* The last accepted header: see npy_header_memo.h. */
#include "npy_header_memo.h"

#include <string.h>

static int startsWithMemo(const NpyHeaderMemo *memo, const unsigned char *buf, size_t len) {
    return memo->data_offset != 0 && len >= memo->data_offset && memcmp(buf, memo->header, memo->data_offset) == 0;
}

static void remember(NpyHeaderMemo *memo, const unsigned char *buf, const NpyInfo *info) {
    if (info->data_offset > NPY_MEMO_HEADER_MAX) return;
    memo->data_offset = (size_t)info->data_offset;
    memo->data_bytes = info->data_bytes;
    memo->descr = npyDescrSummary(info);
    memcpy(memo->header, buf, memo->data_offset);
}

int npyValidateRemembering(NpyHeaderMemo *memo, const unsigned char *buf, size_t len, NpyDescrSummary *descr, char *err,
                           size_t errcap) {
    if (startsWithMemo(memo, buf, len)) {
        if (npyCheckDataLength(memo->data_bytes, memo->descr.holds_objects, len - memo->data_offset, err, errcap) < 0)
            return -1;
        *descr = memo->descr;
        return 0;
    }
    NpyInfo info;
    if (npyValidate(buf, len, &info, err, errcap) < 0) return -1;
    remember(memo, buf, &info);
    *descr = npyDescrSummary(&info);
    return 0;
}
