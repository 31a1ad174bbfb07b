"""Node positions computed once, in Python, for graphs too big for in-browser physics.

A force-directed layout (Fruchterman-Reingold) where repulsion only acts
between nodes in neighbouring cells of a grid, so one iteration costs about
O(nodes + edges) instead of O(nodes²), in plain Python (no numpy needed).
Nodes start on a sunflower spiral in breadth-first order from the most
connected ones, so neighbours start close and few iterations suffice.
"""

from __future__ import annotations

import math
import random
from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

#: Ideal edge length, in vis-network canvas units.
EDGE_LENGTH = 90.0
_GOLDEN = math.pi * (3.0 - math.sqrt(5.0))


def _bfs_order(adj: list[set[int]]) -> list[int]:
    order: list[int] = []
    seen = [False] * len(adj)
    for start in sorted(range(len(adj)), key=lambda i: -len(adj[i])):
        if seen[start]:
            continue
        seen[start] = True
        queue = deque([start])
        while queue:
            i = queue.popleft()
            order.append(i)
            for j in sorted(adj[i], key=lambda x: -len(adj[x])):
                if not seen[j]:
                    seen[j] = True
                    queue.append(j)
    return order


def force_layout(
    g: nx.MultiDiGraph, *, iterations: int | None = None, seed: int = 7, k: float = EDGE_LENGTH
) -> dict[str, tuple[float, float]]:
    """Positions ``{node: (x, y)}`` for every node of ``g``; the same graph gives the same picture."""
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    adj: list[set[int]] = [set() for _ in range(n)]
    for u, v in g.edges():
        a, b = index[u], index[v]
        if a != b:
            adj[a].add(b)
            adj[b].add(a)
    edges = [(a, b) for a in range(n) for b in adj[a] if a < b]
    rng = random.Random(seed)
    xs = [0.0] * n
    ys = [0.0] * n
    for rank, i in enumerate(_bfs_order(adj)):
        r = k * 0.7 * math.sqrt(rank + 0.5)
        xs[i] = r * math.cos(rank * _GOLDEN) + rng.uniform(-1.0, 1.0)
        ys[i] = r * math.sin(rank * _GOLDEN) + rng.uniform(-1.0, 1.0)
    if iterations is None:
        iterations = 60 if n <= 1000 else max(15, 60_000 // n)
    cell = 2.0 * k
    k2 = k * k
    temp = k * 2.0
    for step in range(iterations):
        dx = [0.0] * n
        dy = [0.0] * n
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(n):
            grid.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)
        for (cx, cy), members in grid.items():
            near = [j for ox in (-1, 0, 1) for oy in (-1, 0, 1) for j in grid.get((cx + ox, cy + oy), ())]
            for i in members:
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for j in near:
                    if j == i:
                        continue
                    ddx = xi - xs[j]
                    ddy = yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 < 0.01:
                        ddx, ddy, d2 = rng.uniform(-1, 1), rng.uniform(-1, 1), 1.0
                    if d2 < 4.0 * k2:
                        f = k2 / d2
                        fx += ddx * f
                        fy += ddy * f
                dx[i] += fx
                dy[i] += fy
        for a, b in edges:
            ddx = xs[a] - xs[b]
            ddy = ys[a] - ys[b]
            d = math.sqrt(ddx * ddx + ddy * ddy) or 0.01
            f = d / k
            dx[a] -= ddx * f
            dy[a] -= ddy * f
            dx[b] += ddx * f
            dy[b] += ddy * f
        for i in range(n):
            d = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if d > 0:
                lim = min(d, temp) / d
                xs[i] += dx[i] * lim
                ys[i] += dy[i] * lim
        temp = k * 2.0 * (1.0 - (step + 1) / iterations) + k * 0.05
    return {v: (round(xs[i], 1), round(ys[i], 1)) for v, i in index.items()}
