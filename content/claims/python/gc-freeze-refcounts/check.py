# gc.freeze() before fork stops the collector from touching the frozen objects, but reading an object
# still writes its reference count: a forked child that only reads the data still gets its own copy
# of the pages. Measured with the child's Private_Dirty memory (Linux /proc/self/smaps_rollup).
import gc
import os
import sys


def private_dirty_kb():
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1])
    raise SystemExit("no Private_Dirty in smaps_rollup")


def rss_of(objs):
    return sum(sys.getsizeof(o) for o in objs) // 1024


# The "model": 500,000 small Python objects made at import time, as under gunicorn --preload.
data = [f"weight-{i}" for i in range(500_000)]
size_kb = rss_of(data) + sys.getsizeof(data) // 1024

gc.freeze()  # what the docs advise just before forking
print(f"python {sys.version.split()[0]}: {len(data)} objects, about {size_kb // 1024} MB, frozen: {gc.get_freeze_count()} objects", flush=True)


def child(read):
    before = private_dirty_kb()
    if read:
        total = 0
        for s in data:  # only reads: but each access increments and decrements the refcount
            total += len(s)
    after = private_dirty_kb()
    copied_mb = (after - before) / 1024
    what = "reading every object" if read else "touching nothing"
    share = "more" if (after - before) > size_kb / 2 else "less"
    print(f"child {os.getpid()} after {what}: {copied_mb:.1f} MB of pages copied, {share} than half the data", flush=True)
    os._exit(0)


for read in (False, True):
    pid = os.fork()
    if pid == 0:
        child(read)
    os.waitpid(pid, 0)
