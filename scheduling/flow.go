package scheduling

// flowGraph is a min-cost flow network in compressed adjacency form. Edges
// come in pairs (i, i^1): forward and residual.
type flowGraph struct {
	n              int
	from, to       []int32
	cap            []int32
	cost           []int64
	adjOff, adjIdx []int32 // CSR over edge ids, built by finish
}

func (g *flowGraph) addEdge(u, v int32, c int32, cost int64) int32 {
	id := int32(len(g.to))
	g.from = append(g.from, u, v)
	g.to = append(g.to, v, u)
	g.cap = append(g.cap, c, 0)
	g.cost = append(g.cost, cost, -cost)
	return id
}

func (g *flowGraph) finish() {
	g.adjOff = make([]int32, g.n+1)
	for _, u := range g.from {
		g.adjOff[u+1]++
	}
	for i := 1; i <= g.n; i++ {
		g.adjOff[i] += g.adjOff[i-1]
	}
	pos := append([]int32(nil), g.adjOff[:g.n]...)
	g.adjIdx = make([]int32, len(g.from))
	for e, u := range g.from {
		g.adjIdx[pos[u]] = int32(e)
		pos[u]++
	}
}

// minCostFlow sends flow from s to t while the cheapest augmenting path has
// negative cost, i.e. it finds a minimum-cost flow of any value. Node ids must
// be a topological order of the initial (forward-edge) graph, which lets the
// first potentials come from one pass instead of Bellman-Ford. Each phase runs
// Dijkstra on reduced costs, then pushes a blocking flow over the tight
// edges (Dinic), so the number of phases is the number of distinct path costs
// rather than the flow value. stop is polled between phases.
func (g *flowGraph) minCostFlow(s, t int32, stop func() bool) (cost int64) {
	const inf = int64(1) << 62
	n := g.n
	h := make([]int64, n)
	for i := range h {
		h[i] = inf
	}
	h[s] = 0
	for u := 0; u < n; u++ {
		if h[u] == inf {
			continue
		}
		for k := g.adjOff[u]; k < g.adjOff[u+1]; k++ {
			e := g.adjIdx[k]
			if g.cap[e] > 0 && h[u]+g.cost[e] < h[g.to[e]] {
				h[g.to[e]] = h[u] + g.cost[e]
			}
		}
	}
	for i := range h {
		if h[i] == inf {
			h[i] = 0 // unreachable now and forever: only forward edges from reached nodes gain residual capacity
		}
	}
	dist := make([]int64, n)
	level := make([]int32, n)
	iter := make([]int32, n)
	queue := make([]int32, 0, n)
	hp := &distHeap{}
	for {
		if stop() {
			return cost
		}
		for i := range dist {
			dist[i] = inf
		}
		dist[s] = 0
		hp.items = hp.items[:0]
		hp.push(0, s)
		for len(hp.items) > 0 {
			d, u := hp.pop()
			if d > dist[u] {
				continue
			}
			if u == t {
				// Nodes not yet settled are at least dist[t] away; the capped
				// potential update below treats them as exactly that, which
				// keeps reduced costs non-negative.
				break
			}
			for k := g.adjOff[u]; k < g.adjOff[u+1]; k++ {
				e := g.adjIdx[k]
				if g.cap[e] == 0 {
					continue
				}
				v := g.to[e]
				nd := d + g.cost[e] + h[u] - h[v]
				if nd < dist[v] {
					dist[v] = nd
					hp.push(nd, v)
				}
			}
		}
		if dist[t] == inf {
			return cost
		}
		dt := dist[t]
		for i := range h {
			if dist[i] < dt {
				h[i] += dist[i]
			} else {
				h[i] += dt
			}
		}
		if h[t]-h[s] >= 0 {
			return cost
		}
		// Blocking flows over tight edges until none is left at this cost.
		for {
			if stop() {
				return cost
			}
			for i := range level {
				level[i] = -1
			}
			level[s] = 0
			queue = append(queue[:0], s)
			for qi := 0; qi < len(queue); qi++ {
				u := queue[qi]
				if level[t] >= 0 && level[u] >= level[t] {
					break // nothing beyond the sink's level is on a shortest path
				}
				for k := g.adjOff[u]; k < g.adjOff[u+1]; k++ {
					e := g.adjIdx[k]
					v := g.to[e]
					if g.cap[e] > 0 && level[v] < 0 && g.cost[e]+h[u]-h[v] == 0 {
						level[v] = level[u] + 1
						queue = append(queue, v)
					}
				}
			}
			if level[t] < 0 {
				break
			}
			copy(iter, g.adjOff[:n])
			for {
				f := g.dfs(s, t, 1<<30, h, level, iter)
				if f == 0 {
					break
				}
				cost += int64(f) * (h[t] - h[s])
			}
		}
	}
}

func (g *flowGraph) dfs(u, t int32, f int32, h []int64, level, iter []int32) int32 {
	if u == t {
		return f
	}
	for ; iter[u] < g.adjOff[u+1]; iter[u]++ {
		e := g.adjIdx[iter[u]]
		v := g.to[e]
		if g.cap[e] == 0 || level[v] != level[u]+1 || g.cost[e]+h[u]-h[v] != 0 {
			continue
		}
		if d := g.dfs(v, t, min(f, g.cap[e]), h, level, iter); d > 0 {
			g.cap[e] -= d
			g.cap[e^1] += d
			return d
		}
	}
	return 0
}

type distHeap struct {
	items []heapItem
}

type heapItem struct {
	d int64
	v int32
}

func (hp *distHeap) push(d int64, v int32) {
	hp.items = append(hp.items, heapItem{d, v})
	i := len(hp.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if hp.items[p].d <= hp.items[i].d {
			break
		}
		hp.items[p], hp.items[i] = hp.items[i], hp.items[p]
		i = p
	}
}

func (hp *distHeap) pop() (int64, int32) {
	top := hp.items[0]
	last := len(hp.items) - 1
	hp.items[0] = hp.items[last]
	hp.items = hp.items[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= last {
			break
		}
		c := l
		if r := l + 1; r < last && hp.items[r].d < hp.items[l].d {
			c = r
		}
		if hp.items[i].d <= hp.items[c].d {
			break
		}
		hp.items[i], hp.items[c] = hp.items[c], hp.items[i]
		i = c
	}
	return top.d, top.v
}
