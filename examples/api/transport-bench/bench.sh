#!/bin/bash
# The measurement behind the choice of HTTP library for `jaring serve` (README.md here).
# Builds the minimal servers into WORK (default /tmp/jaring-transport-bench), then runs
# interleaved rounds A,B,C x3. Per (round, server): fresh server, 2 s warm-up, run 1 (plain wrk),
# VmHWM, run 2 (wrk while 2000 idle connections are held), VmHWM, stop server. Then
# `R=WORK/results ./summarize.py` prints the medians.
set -u
here=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-/tmp/jaring-transport-bench}
mkdir -p "$WORK"
cp "$here"/post.lua "$here"/idle_hold.py "$WORK"/
cd "$WORK"
for s in beast_server beast_server_ioc_per_thread; do
  g++ -std=c++20 -O2 -pthread "$here/$s.cpp" -o $s || exit 1
done
g++ -std=c++20 -O2 -pthread "$here/mhd_server.cpp" -o mhd_server -lmicrohttpd || exit 1
g++ -std=c++20 -O2 -pthread "$here/restinio_server.cpp" -o restinio_server -lfmt -lhttp_parser || exit 1
ulimit -n "$(ulimit -Hn)"            # server and python inherit the hard limit
R=${R:-results}; mkdir -p $R
declare -A PORT=([beast_server]=8081 [mhd_server]=8082 [restinio_server]=8083 [beast_server_ioc_per_thread]=8084)
SERVERS=${SERVERS:-"beast_server mhd_server restinio_server"}
cpu() { awk '{print $14+$15}' /proc/$1/stat; }   # server utime+stime in clock ticks (100/s)
WRK="wrk -t2 -c8 -d8s --latency -s post.lua"
for round in 1 2 3; do
  for srv in $SERVERS; do
    p=${PORT[$srv]}; tag=$R/r${round}_$srv
    timeout 120 ./$srv $p > $tag.server.log 2>&1 & tpid=$!
    sleep 0.5
    spid=$(pgrep -P $tpid)            # the server itself (child of timeout), not timeout
    [ "$(cat /proc/$spid/comm)" = "${srv:0:15}" ] || { echo "bad pid for $srv"; exit 1; }
    echo "round=$round srv=$srv pid=$spid load=$(cut -d' ' -f1-3 /proc/loadavg)" | tee $tag.meta
    grep "open files" /proc/$spid/limits >> $tag.meta
    timeout 10 wrk -t2 -c8 -d2s -s post.lua http://127.0.0.1:$p/decide > /dev/null          # warm-up, not recorded
    echo "cpu_before_run1 $(cpu $spid)" >> $tag.meta
    timeout 20 $WRK http://127.0.0.1:$p/decide > $tag.run1.txt 2>&1
    echo "cpu_after_run1 $(cpu $spid) threads=$(grep Threads /proc/$spid/status | cut -f2)" >> $tag.meta
    grep VmHWM /proc/$spid/status | sed 's/^/after_run1 /' >> $tag.meta
    rm -f $tag.ready
    timeout 30 python3 idle_hold.py $p 2000 $tag.ready 13 > $tag.idle.json 2>&1 & ipid=$!
    for i in $(seq 100); do [ -s $tag.ready ] && break; sleep 0.1; done
    echo "idle_ready $(cat $tag.ready 2>/dev/null) server_fds=$(ls /proc/$spid/fd | wc -l) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> $tag.meta
    echo "cpu_before_run2 $(cpu $spid)" >> $tag.meta
    timeout 20 $WRK http://127.0.0.1:$p/decide > $tag.run2.txt 2>&1
    echo "cpu_after_run2 $(cpu $spid)" >> $tag.meta
    grep VmHWM /proc/$spid/status | sed 's/^/after_run2 /' >> $tag.meta
    echo "server_fds_after_run2=$(ls /proc/$spid/fd | wc -l)" >> $tag.meta
    wait $ipid
    echo "server_fds_after_idle_close=$(ls /proc/$spid/fd | wc -l)" >> $tag.meta
    kill $spid; wait $tpid 2>/dev/null
    cat $tag.meta | tail -n +2; cat $tag.idle.json
    grep -E "Requests/sec| 99%|Socket errors|Non-2xx" $tag.run1.txt $tag.run2.txt
  done
done
