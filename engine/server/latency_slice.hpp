// The event loops' scheduler slice: a request wakes its loop, and on a machine whose cores are
// shared (wrk's threads and the server's loops on 2 cores in examples/api/load.sh) the loop
// waited for another task's slice to end. Twelve 8 s rounds of single-record requests,
// alternating: p99 1,08–3,58 ms (median 1,66; four over 2 ms) with the system's 1,4 ms slice,
// 0,58–2,62 ms (median 0,98; one over 2 ms) with 100 µs, and the same requests a second.
// Linux 6.12 and later let a task of the normal class ask for a shorter slice (sched_setattr's
// sched_runtime, 100 µs to 100 ms), which EEVDF turns into an earlier deadline: the waking
// loop runs sooner. Older kernels ignore it.
#pragma once

#include <string>

namespace jaring::server {

// Asks the calling thread's slice to be `microseconds` (0: leaves the system's). Empty when
// done; else why the system refused (the thread keeps its slice).
std::string set_latency_slice(unsigned microseconds);

}  // namespace jaring::server
