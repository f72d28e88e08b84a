"""What a benchmark ran on: the processor, the logical CPUs the process may use, and the load average.

A speed measured on one processor says little about another (this project's 2-core machines have been, from
session to session, AMD Zen 5, Zen 4 and Zen 3 parts with kernel rates a factor three apart), so every
``slth bench rss`` result names its host.  Linux's ``/proc/cpuinfo`` gives the model name, family and model
(the first processor's; a 2-core machine has one kind); elsewhere those are ``None``.
"""

from __future__ import annotations

import os
import platform

from verify.executors import default_workers

_CPUINFO_KEYS = {"model name": "cpu_model_name", "cpu family": "cpu_family", "model": "cpu_model"}


def first_processor(text: str) -> dict:
    """The model name, family and model of the first processor listed in a ``/proc/cpuinfo`` text."""
    found: dict = {}
    for line in text.splitlines():
        if not line.strip():
            if found:
                break
            continue
        key, _, value = line.partition(":")
        name = _CPUINFO_KEYS.get(key.strip())
        if name is not None and name not in found:
            found[name] = value.strip()
    return found


def describe_host() -> dict:
    """``cpu_model_name``, ``cpu_family``, ``cpu_model`` (strings or ``None``), ``machine`` (e.g. x86_64),
    ``usable_cpus`` (the CPUs this process may run on) and ``load_average`` (1, 5 and 15 minutes) at the call."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            processor = first_processor(handle.read())
    except OSError:
        processor = {}
    load = [round(value, 2) for value in os.getloadavg()] if hasattr(os, "getloadavg") else None
    return {**{name: processor.get(name) for name in _CPUINFO_KEYS.values()}, "machine": platform.machine(),
            "usable_cpus": default_workers(), "load_average": load}


def host_line(host: dict) -> str:
    """One line naming the host, e.g. ``host: AMD EPYC (family 25, model 1), x86_64, 2 usable CPUs, load 0.00``."""
    name = host["cpu_model_name"] or "unknown processor"
    kind = (f" (family {host['cpu_family']}, model {host['cpu_model']})" if host["cpu_family"] is not None
            else "")
    load = f", load {host['load_average'][0]:.2f}" if host["load_average"] else ""
    return f"host: {name}{kind}, {host['machine']}, {host['usable_cpus']} usable CPUs{load}"
