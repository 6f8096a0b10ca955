"""An .npz archive's arrays in and out of Redis: save_npz, load_npz.

An .npz (np.savez, np.savez_compressed) is a zip of .npy files.  Each member's
.npy bytes are stored as the archive holds them, never re-encoded, so every
dtype keeps exactly what numpy wrote.
"""

import zipfile

import redis

from . import _replies
from ._batches import load_many, scan
from ._chunks import chunks
from ._options import set_options

NPY_SUFFIX = ".npy"


def _npy_members(archive):
    """(array name, ZipInfo) of every member; a member that is not .npy raises ValueError before anything is stored."""
    members = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        if not info.filename.endswith(NPY_SUFFIX):
            raise ValueError(f"{info.filename} in the archive is not a .npy member; nothing was stored")
        members.append((info.filename[: -len(NPY_SUFFIX)], info))
    return members


def save_npz(r, file, prefix="", *, nx=False, xx=False, ex=None, px=None, keepttl=False):
    """Store every array of an .npz under `prefix` + its name (the name np.load gives it).

        save_npz(r, "mnist.npz", prefix="mnist:")   # -> {"mnist:x_train": True, ...}

    `file` is a path or a binary file object.  Options as save(), applied to
    each key.  Returns {key: True when stored, None when its NX/XX condition
    was not met}, in archive order.  Pipelined in bounded chunks: members are
    read from the archive one chunk at a time.  A member the module refuses
    raises redis.ResponseError naming it; the members before its pipeline
    stay stored.
    """
    options = set_options(nx=nx, xx=xx, ex=ex, px=px, keepttl=keepttl)
    with zipfile.ZipFile(file) as archive:
        members = _npy_members(archive)
        keys = [prefix + name for name, _ in members]
        results = {}
        pipe = r.pipeline(transaction=False)
        for chunk in chunks(r, keys, [info.file_size for _, info in members]):
            for i in chunk:
                pipe.execute_command("NP.SET", keys[i], archive.read(members[i][1]), *options)
            replies = pipe.execute(raise_on_error=False)
            for i, reply in zip(chunk, replies):
                if isinstance(reply, redis.ResponseError):
                    raise redis.ResponseError(f"{members[i][1].filename}: {reply}")
                results[keys[i]] = _replies.stored(reply)
    return {key: results[key] for key in keys}


def load_npz(r, match_or_keys, *, copy=True, allow_pickle=False):
    """The arrays under a glob (a str) or a list of keys, as a {key: array} dict.

        arrays = load_npz(r, "mnist:*")          # every array matching, in key order
        arrays = load_npz(r, ["a", "b"])         # these; KeyError naming any that is missing
        np.savez("copy.npz", **arrays)

    Keys from a glob are str (UTF-8; other bytes kept by surrogateescape);
    an array deleted between the SCAN and the read is left out.  copy and
    allow_pickle as load().
    """
    if isinstance(match_or_keys, str):
        keys = sorted(key.decode("utf-8", "surrogateescape") for key in scan(r, match_or_keys))
        arrays = load_many(r, keys, copy=copy, allow_pickle=allow_pickle)
        return {key: array for key, array in zip(keys, arrays) if array is not None}
    keys = list(match_or_keys)
    arrays = load_many(r, keys, copy=copy, allow_pickle=allow_pickle)
    missing = [key for key, array in zip(keys, arrays) if array is None]
    if missing:
        raise KeyError(f"no array under {', '.join(map(str, missing))}")
    return dict(zip(keys, arrays))
