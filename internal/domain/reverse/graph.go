package reverse

import (
	"fmt"
	"math"
	"slices"
)

// graph holds the dependencies between tasks by input position.
type graph struct {
	deps       [][]int32 // deps[i]: tasks that must finish before i starts
	dependents [][]int32 // dependents[j]: tasks that wait for j
}

// buildGraph indexes the tasks and resolves depends_on ids. Duplicate and
// unknown ids are input errors: the plan parser rejects them long before.
func buildGraph(tasks []Task) (*graph, error) {
	// The graph holds task indexes as int32.
	if len(tasks) > math.MaxInt32 {
		return nil, fmt.Errorf("%d tasks: at most %d can be scheduled at once", len(tasks), math.MaxInt32)
	}
	byID := make(map[string]int, len(tasks))
	for i, t := range tasks {
		if t.ID == "" {
			return nil, fmt.Errorf("task %d has no id", i)
		}
		if _, dup := byID[t.ID]; dup {
			return nil, fmt.Errorf("task id %s is used twice", t.ID)
		}
		byID[t.ID] = i
	}
	g := &graph{deps: make([][]int32, len(tasks)), dependents: make([][]int32, len(tasks))}
	for i, t := range tasks {
		for _, dep := range t.DependsOn {
			j, ok := byID[dep]
			if !ok {
				return nil, fmt.Errorf("task %s depends on unknown task %s", t.ID, dep)
			}
			g.deps[i] = append(g.deps[i], int32(j))             // #nosec G115 -- an index of tasks, at most MaxInt32 (checked above)
			g.dependents[j] = append(g.dependents[j], int32(i)) // #nosec G115 -- likewise
		}
	}
	return g, nil
}

// components returns the strongly connected components of the dependency
// graph (Tarjan's algorithm, iterative so deep chains cannot exhaust the
// stack): comp[i] numbers i's component.
func (g *graph) components() (comp []int32) {
	n := len(g.deps)
	order := make([]int32, n) // discovery order + 1; 0 means unvisited
	low := make([]int32, n)
	onStack := make([]bool, n)
	comp = make([]int32, n)
	var stack []int32
	type frame struct{ v, next int32 }
	var calls []frame
	var counter, ncomp int32
	visit := func(v int32) {
		counter++
		order[v], low[v] = counter, counter
		stack = append(stack, v)
		onStack[v] = true
		calls = append(calls, frame{v: v})
	}
	for s := range n {
		if order[s] != 0 {
			continue
		}
		visit(int32(s))
		for len(calls) > 0 {
			top := &calls[len(calls)-1]
			v := top.v
			if int(top.next) < len(g.deps[v]) {
				w := g.deps[v][top.next]
				top.next++
				if order[w] == 0 {
					visit(w)
				} else if onStack[w] {
					low[v] = min(low[v], order[w])
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				u := calls[len(calls)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] == order[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = ncomp
					if w == v {
						break
					}
				}
				ncomp++
			}
		}
	}
	return comp
}

// cycles finds the dependency cycles: for each strongly connected component
// that loops (more than one task, or a task depending on itself) it returns
// its members in input order and one shortest cycle through the first of
// them. onCycle[i] is the index into the result of i's cycle, or -1.
func (g *graph) cycles(comp []int32) (found []cycle, onCycle []int) {
	size := make([]int, len(comp))
	for _, c := range comp {
		size[c]++
	}
	onCycle = make([]int, len(comp))
	cycleOfComp := make([]int, len(comp)) // component -> index in found + 1
	for i, c := range comp {
		onCycle[i] = -1
		if size[c] == 1 && !slices.Contains(g.deps[i], int32(i)) {
			continue // not a loop
		}
		if cycleOfComp[c] == 0 { // i is the component's first member
			found = append(found, cycle{path: g.shortestLoop(i, comp)})
			cycleOfComp[c] = len(found)
		}
		k := cycleOfComp[c] - 1
		onCycle[i] = k
		found[k].members = append(found[k].members, i)
	}
	return found, onCycle
}

// cycle is a loop of dependencies.
type cycle struct {
	members []int // every task of the component, in input order
	path    []int // start, ..., start
}

// shortestLoop finds, by breadth-first search within start's component, a
// shortest path of dependencies from start back to itself.
func (g *graph) shortestLoop(start int, comp []int32) []int {
	parent := map[int32]int32{}
	queue := []int32{int32(start)} // #nosec G115 -- a task index: buildGraph bounds them to MaxInt32
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range g.deps[v] {
			if comp[w] != comp[start] {
				continue
			}
			if int(w) == start {
				path := []int{start}
				for u := v; int(u) != start; u = parent[u] {
					path = append(path, int(u))
				}
				path = append(path, start)
				slices.Reverse(path[1 : len(path)-1])
				return path
			}
			if _, seen := parent[w]; !seen {
				parent[w] = v
				queue = append(queue, w)
			}
		}
	}
	return []int{start, start} // unreachable for a component that loops
}
