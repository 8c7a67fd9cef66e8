package plan

// readIndicators reads a task's indicators: ids unique within the task,
// part ids unique within their indicator.
func (r *reader) readIndicators(o object) []Indicator {
	items, ok := r.list(o, "indicators", optional)
	if !ok {
		return nil
	}
	var out []Indicator
	ids := map[string]bool{}
	for i, item := range items {
		path := index(at(o.path, "indicators"), i)
		io, ok := r.listObject(path, item, []string{"id", "name", "unit", "target", "parts"})
		if !ok {
			continue
		}
		var ind Indicator
		ind.ID, _ = r.uniqueID(io, "indicator", ids)
		ind.Name, _ = r.text(io, "name", required)
		ind.Unit, _ = r.text(io, "unit", optional)
		if target, ok := r.number(io, "target", optional); ok {
			if target < 0 || target > maxIndicatorValue {
				r.fail(io.fields["target"], at(path, "target"), "must be from 0 to %.0f", float64(maxIndicatorValue))
			}
			ind.Target = target
		}
		ind.Parts = r.readParts(io)
		out = append(out, ind)
	}
	return out
}

func (r *reader) readParts(o object) []IndicatorPart {
	items, _ := r.list(o, "parts", optional)
	var out []IndicatorPart
	ids := map[string]bool{}
	for i, item := range items {
		po, ok := r.listObject(index(at(o.path, "parts"), i), item, []string{"id", "name"})
		if !ok {
			continue
		}
		var part IndicatorPart
		part.ID, _ = r.uniqueID(po, "part", ids)
		part.Name, _ = r.text(po, "name", required)
		out = append(out, part)
	}
	return out
}

// uniqueID reads an id that follows the task id rule and is unique among
// seen, which it joins.
func (r *reader) uniqueID(o object, what string, seen map[string]bool) (string, bool) {
	id, ok := r.str(o, "id", required)
	if !ok {
		return "", false
	}
	path := at(o.path, "id")
	switch err := checkItemID(what, id); {
	case err != nil:
		r.failErr(o.fields["id"], path, err)
		return id, false
	case seen[id]:
		r.fail(o.fields["id"], path, "%s %q is listed twice", what, id)
		return id, false
	}
	seen[id] = true
	return id, true
}
