"""Drives an RPyC classic server through RPyC's own client for the benchmark scenarios that
apply to it, and prints one JSON object per scenario (latencies in microseconds).

    python rpyc_driver.py --port P --scenario sequential|concurrent|bridge|memory [...]
"""

from __future__ import print_function

import argparse
import json
import threading
import time

import rpyc


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, int(round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def summary(latencies_ns, elapsed):
    values = sorted(latencies_ns)
    return {
        "count": len(values),
        "mean_us": sum(values) / len(values) / 1000.0 if values else 0.0,
        "p50_us": percentile(values, 0.50) / 1000.0,
        "p99_us": percentile(values, 0.99) / 1000.0,
        "requests_per_second": len(values) / elapsed if elapsed else 0.0,
    }


def sequential(port, count, warmup):
    conn = rpyc.classic.connect("127.0.0.1", port)
    for _ in range(warmup):
        conn.eval("4+5")
    latencies = []
    started = time.perf_counter()
    for _ in range(count):
        t = time.perf_counter_ns()
        assert conn.eval("4+5") == 9
        latencies.append(time.perf_counter_ns() - t)
    result = summary(latencies, time.perf_counter() - started)
    conn.close()
    return result


def concurrent(port, clients, seconds):
    connections = [rpyc.classic.connect("127.0.0.1", port) for _ in range(clients)]
    stop = time.time() + seconds
    latencies = [[] for _ in range(clients)]

    def run(index):
        conn = connections[index]
        while time.time() < stop:
            t = time.perf_counter_ns()
            conn.eval("4+5")
            latencies[index].append(time.perf_counter_ns() - t)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for conn in connections:
        conn.close()
    return summary([v for values in latencies for v in values], elapsed)


def bridge(port, script, sweep, mesh_actor):
    conn = rpyc.classic.connect("127.0.0.1", port)
    conn.execute("import poser\nSCENE = poser.Scene()\n")
    timings = {}
    t = time.perf_counter()
    conn.execute(script)
    timings["script_ms"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    conn.execute("from array import array\n_geom = SCENE.Actor(%r).Geometry()\n" % mesh_actor +
                 "_positions = array('f', _geom._coords)\n")
    data = conn.eval("_positions.tobytes()")
    timings["mesh_pull_ms"] = (time.perf_counter() - t) * 1000
    timings["mesh_bytes"] = len(data)
    t = time.perf_counter()
    for i in range(sweep):
        conn.execute("SCENE.CurrentActor().Parameter('xrot').SetValue(%d)" % i)
    timings["sweep_ms"] = (time.perf_counter() - t) * 1000
    conn.close()
    return timings


def idle(port, count, hold):
    connections = [rpyc.classic.connect("127.0.0.1", port) for _ in range(count)]
    for conn in connections:
        conn.eval("1")
    print(json.dumps({"ready": True}), flush=True)
    time.sleep(hold)
    for conn in connections:
        conn.close()
    return {"held": count}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--script-file")
    parser.add_argument("--sweep", type=int, default=1000)
    parser.add_argument("--hold", type=float, default=2.0)
    parser.add_argument("--mesh-actor", default="Ground Grid")
    arguments = parser.parse_args()
    if arguments.scenario == "sequential":
        result = sequential(arguments.port, arguments.count, arguments.warmup)
    elif arguments.scenario == "concurrent":
        result = concurrent(arguments.port, arguments.clients, arguments.seconds)
    elif arguments.scenario == "bridge":
        with open(arguments.script_file) as handle:
            result = bridge(arguments.port, handle.read(), arguments.sweep, arguments.mesh_actor)
    elif arguments.scenario == "idle":
        result = idle(arguments.port, arguments.count, arguments.hold)
    else:
        raise SystemExit("unknown scenario %s" % arguments.scenario)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
