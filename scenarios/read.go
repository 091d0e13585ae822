package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/schema"
)

// Limits on what the loader reads. Real scenario and sweep files are a few
// kilobytes, and their deepest key path (a timeline entry's
// set.policies.info_sharing.fingerprints inside a sweep arm) is 8 levels
// deep; the limits are far above that, and they keep the loader's time and
// memory linear in the size of its input whatever its shape.
const (
	// MaxFileBytes is the largest scenario or sweep file, and the longest
	// override value, read: 4 MiB.
	MaxFileBytes = 4 << 20
	// MaxDepth is the deepest nesting of mappings and lists accepted,
	// counting each part of a dotted key (a.b.c) as a level and aliases as
	// the nodes they stand for. The top-level mapping is level 1.
	MaxDepth = 32
	// MaxKeys is the most keys one mapping may have (the widest mapping of
	// a scenario has about 30). YAML decoders check a mapping for
	// duplicate keys in time that grows with the square of its size.
	MaxKeys = 256
	// MaxAliasGrowth bounds alias expansion ("billion laughs"): with every
	// alias (*name) replaced by a copy of what its anchor (&name) marks, a
	// document may have at most MaxAliasGrowth times the nodes it has as
	// written, or minAliasNodes, whichever is more.
	MaxAliasGrowth = 10
	minAliasNodes  = 10000
)

// ReadFile reads a scenario or sweep file, refusing one larger than
// [MaxFileBytes] before reading it whole.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, tooLarge(path)
	}
	return data, nil
}

func tooLarge(name string) schema.Errors {
	return schema.Errors{{Where: name, Problem: fmt.Sprintf("is larger than %d bytes (%d MiB)", MaxFileBytes, MaxFileBytes>>20), Allowed: "a file of at most that size (real scenario files are a few kilobytes)"}}
}

// fileErr is an error about the file as a whole, or about one line of it.
func fileErr(name string, line int, problem, allowed string) schema.Errors {
	where := name
	if line > 0 {
		where = fmt.Sprintf("%s:%d", name, line)
	}
	return schema.Errors{{Where: where, Problem: problem, Allowed: allowed}}
}

// parseDocument parses data as exactly one YAML document within the limits
// above. It returns nil for an empty document.
func parseDocument(name string, data []byte) (*yaml.Node, error) {
	if len(data) > MaxFileBytes {
		return nil, tooLarge(name)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, fileErr(name, 0, "not valid YAML: "+err.Error(), "")
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, fileErr(name, 0, "not valid YAML: "+err.Error(), "")
	default:
		return nil, fileErr(name, next.Line, "starts a second YAML document (after ---), which would be ignored", "one document per file")
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if err := checkSize(name, root); err != nil {
		return nil, err
	}
	return root, nil
}

// checkSize enforces MaxDepth, MaxKeys and MaxAliasGrowth on the tree under root,
// counting each anchor's subtree once (so the check is linear in the
// document as written).
func checkSize(name string, root *yaml.Node) error {
	m := &measurer{memo: map[*yaml.Node]measure{}}
	total := m.measure(root)
	if m.err != nil {
		return m.err(name)
	}
	if total.height > MaxDepth {
		line := m.deepest(root, 1)
		return fileErr(name, line, fmt.Sprintf("nests mappings and lists more than %d levels deep", MaxDepth), fmt.Sprintf("at most %d levels (real scenarios use fewer than 10)", MaxDepth))
	}
	if budget := max(minAliasNodes, MaxAliasGrowth*m.written); total.nodes > budget {
		return fileErr(name, 0, fmt.Sprintf("has aliases that expand it to %d nodes from %d as written", total.nodes, m.written), fmt.Sprintf("at most %d nodes with aliases expanded (%d times the nodes written, or %d)", budget, MaxAliasGrowth, minAliasNodes))
	}
	return nil
}

type measure struct {
	nodes  int // nodes with aliases expanded
	height int // levels of mappings and lists with aliases expanded
}

type measurer struct {
	memo    map[*yaml.Node]measure
	active  map[*yaml.Node]bool
	written int
	err     func(name string) error
}

// measure returns the expanded size and height of n; each node as written
// is visited once.
func (m *measurer) measure(n *yaml.Node) measure {
	if r, ok := m.memo[n]; ok {
		return r
	}
	if m.active == nil {
		m.active = map[*yaml.Node]bool{}
	}
	if m.active[n] || m.err != nil {
		if m.err == nil {
			line := n.Line
			m.err = func(name string) error {
				return fileErr(name, line, "has an alias inside the anchor it refers to", "aliases to anchors defined and closed before them")
			}
		}
		return measure{}
	}
	m.active[n] = true
	defer delete(m.active, n)
	m.written++
	var r measure
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias != nil {
			r = m.measure(n.Alias)
		}
	case yaml.MappingNode, yaml.SequenceNode, yaml.DocumentNode:
		if n.Kind == yaml.MappingNode && len(n.Content)/2 > MaxKeys && m.err == nil {
			line, keys := n.Line, len(n.Content)/2
			m.err = func(name string) error {
				return fileErr(name, line, fmt.Sprintf("has a mapping of %d keys", keys), fmt.Sprintf("at most %d keys in one mapping", MaxKeys))
			}
		}
		r.nodes = 1
		for i, c := range n.Content {
			cm := m.measure(c)
			r.nodes += cm.nodes
			h := cm.height
			if n.Kind == yaml.MappingNode && i%2 == 1 {
				h += dots(n.Content[i-1]) // a.b.c: x nests x two levels deeper
			}
			r.height = max(r.height, h)
		}
		r.height++
	default:
		r.nodes = 1
	}
	m.memo[n] = r
	return r
}

// dots is the number of dots in a key (the extra levels of a dotted key).
func dots(k *yaml.Node) int {
	if k.Kind != yaml.ScalarNode {
		return 0
	}
	return strings.Count(k.Value, ".")
}

// deepest returns the line of the first node at which the nesting passes
// MaxDepth, following the deepest branch (level is n's level).
func (m *measurer) deepest(n *yaml.Node, level int) int {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if level > MaxDepth {
		return n.Line
	}
	for i, c := range n.Content {
		extra := 0
		if n.Kind == yaml.MappingNode && i%2 == 1 {
			extra = dots(n.Content[i-1])
		}
		if level+extra+m.memo[resolve(c)].height > MaxDepth {
			if level+extra >= MaxDepth {
				return n.Content[i-i%2].Line
			}
			return m.deepest(c, level+1+extra)
		}
	}
	return n.Line
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// origins knows where each key of a document was written, and what the
// override that set it was.
type origins struct {
	file      string
	keys      map[string]keyInfo  // key path (or list item path) → what the file says of it
	override  map[string]string   // key path → override origin
	createdBy map[string]string   // key path → origin of the first override below it
	children  map[string][]string // key path → keys of its mapping, in file order
	empty     []emptyKey          // keys outside lists written with null or {} (viper drops them)
	overrides []override
}

// keyInfo is what the file says of one key path.
type keyInfo struct {
	line     int  // line of the key (or list item), or of the dotted key that implies it
	explicit int  // line where the key itself is written, 0 if only implied
	mapping  bool // its value is a mapping, as written or implied by a dotted key
	listed   bool // recorded in children
}

// line returns the line of the key at path, or 0.
func (o *origins) line(path string) int { return o.keys[path].line }

// emptyKey is a key written with no value: nil, or an empty mapping.
type emptyKey struct {
	path  string
	value any
}

func newOrigins(file string) *origins {
	return &origins{file: file, keys: map[string]keyInfo{}, override: map[string]string{}, createdBy: map[string]string{}, children: map[string][]string{}}
}

func (o *origins) at(line int) string { return fmt.Sprintf("%s:%d", o.file, line) }

// index records the line of every key under node n at path p and checks
// the keys: each is a non-empty string, lower case (viper would silently
// fold case), free of control characters, with no empty part between dots,
// and given once, nested or dotted (viper would silently keep one of two).
// inList tells whether n is inside a list (viper keeps empty values there).
func (o *origins) index(n *yaml.Node, p string, inList bool, errs *schema.Errors) {
	fail := func(path string, line int, problem, allowed string) {
		*errs = append(*errs, &schema.Error{Path: path, Where: o.at(line), Problem: problem, Allowed: allowed})
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
				continue // <<: *anchor merges the anchor's keys here
			}
			val := resolve(v)
			kp, ok := o.key(p, k, val.Kind == yaml.MappingNode, fail)
			if !ok {
				continue
			}
			switch {
			case inList:
			case val.Kind == yaml.ScalarNode && val.Tag == "!!null":
				o.empty = append(o.empty, emptyKey{kp, nil})
			case val.Kind == yaml.MappingNode && len(val.Content) == 0:
				o.empty = append(o.empty, emptyKey{kp, map[string]any{}})
			}
			if v.Kind != yaml.AliasNode {
				o.index(v, kp, inList, errs)
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			ip := fmt.Sprintf("%s[%d]", p, i)
			o.keys[ip] = keyInfo{line: c.Line}
			if c.Kind != yaml.AliasNode {
				o.index(c, ip, true, errs)
			}
		}
	}
}

// key checks key k of the mapping at p, whose value is a mapping or not,
// and records it and the mappings its dotted parts imply (a.b: 1 implies
// a mapping a). It returns the key's full path.
func (o *origins) key(p string, k *yaml.Node, isMap bool, fail func(string, int, string, string)) (string, bool) {
	const names = "keys that are names, such as days"
	if k.Kind != yaml.ScalarNode || k.Tag == "!!null" {
		fail(p, k.Line, "has a key that is not a string", names)
		return "", false
	}
	name := k.Value
	if name == "" {
		fail(p, k.Line, "has an empty key", names)
		return "", false
	}
	full := name
	if p != "" {
		full = p + "." + name
	}
	if safetext.HasControl(name) {
		fail(full, k.Line, "holds control characters", names)
		return "", false
	}
	parts := strings.Split(name, ".")
	for _, part := range parts {
		if part == "" {
			fail(full, k.Line, "has an empty part between dots", "a key such as policies.detainers, with a name between each pair of dots")
			return "", false
		}
	}
	if name != strings.ToLower(name) {
		fail(full, k.Line, "is not lower case", "lower-case keys, such as "+strings.ToLower(name))
		return "", false
	}
	at := p
	for i, part := range parts {
		o.addChild(at, part)
		at = joinKey(at, part)
		if i == len(parts)-1 {
			break
		}
		info := o.keys[at]
		if info.explicit > 0 && !info.mapping {
			fail(full, k.Line, fmt.Sprintf("sets a key below %s, which has a value at line %d", at, info.explicit), "either a mapping of keys or a value")
			return "", false
		}
		info.mapping = true
		if info.line == 0 {
			info.line = k.Line
		}
		o.keys[at] = info
	}
	info := o.keys[full]
	if info.explicit > 0 {
		fail(full, k.Line, fmt.Sprintf("is given twice (also at line %d)", info.explicit), "each key once, nested or dotted (a.b: 1)")
		return "", false
	}
	if !isMap && info.mapping {
		fail(full, k.Line, fmt.Sprintf("has a value here and keys below it at line %d", info.line), "either a mapping of keys or a value")
		return "", false
	}
	info.explicit, info.line = k.Line, k.Line
	info.mapping = isMap
	o.keys[full] = info
	return full, true
}

func joinKey(p, key string) string {
	if p == "" {
		return key
	}
	return p + "." + key
}

func (o *origins) addChild(p, key string) {
	kp := joinKey(p, key)
	if info := o.keys[kp]; !info.listed {
		info.listed = true
		o.keys[kp] = info
		o.children[p] = append(o.children[p], key)
	}
}
