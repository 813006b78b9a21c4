package config

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// pos is where a value came from: a place in a file, or an environment variable.
type pos struct {
	line, col int
	env       string // the variable's name when the value came from the environment
	flag      string // the flag's name when the value came from the command line
}

// FlagFile is the File of an Error caused by a command-line flag (--db).
const FlagFile = "command line"

// loader holds the state of one Load: the errors found so far and where each option's
// value came from, so that validation can point at the right line.
type loader struct {
	file    string
	getenv  func(string) (string, bool)
	errs    Errors
	where   map[string]pos // option path -> where its value was set
	anchors map[string]ast.Node
	depth   int
	broken  bool // the file is not valid YAML: nothing after the syntax error can be trusted
}

func newLoader(file string, getenv func(string) (string, bool)) *loader {
	if getenv == nil {
		getenv = func(string) (string, bool) { return "", false }
	}
	return &loader{file: file, getenv: getenv, where: map[string]pos{}, anchors: map[string]ast.Node{}}
}

// errAt records a problem with the option at path, placed where its value came from (or,
// failing that, where its closest parent was set).
func (l *loader) errAt(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for p := path; ; p = parentPath(p) {
		if w, ok := l.where[p]; ok {
			if w.flag != "" {
				l.errs = append(l.errs, Error{File: FlagFile, Path: path, Msg: w.flag + ": " + msg})
			} else if w.env != "" {
				l.errs = append(l.errs, Error{File: EnvFile, Path: path, Msg: w.env + ": " + msg})
			} else {
				l.errs = append(l.errs, Error{File: l.file, Line: w.line, Col: w.col, Path: path, Msg: msg})
			}
			return
		}
		if p == "" {
			break
		}
	}
	l.errs = append(l.errs, Error{File: l.file, Path: path, Msg: msg})
}

// errNode records a problem at a node of the file.
func (l *loader) errNode(n ast.Node, path, format string, args ...any) {
	line, col := nodePos(n)
	l.errs = append(l.errs, Error{File: l.file, Line: line, Col: col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func nodePos(n ast.Node) (int, int) {
	if n == nil {
		return 0, 0
	}
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 && m.Values[0].Key != nil {
		n = m.Values[0].Key // a mapping is where its first option is
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

// parentPath returns the path of the option that contains path: "sources[2].url" ->
// "sources[2]" -> "sources" -> "".
func parentPath(p string) string {
	if i := strings.LastIndexAny(p, ".["); i >= 0 {
		return p[:i]
	}
	return ""
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// parse reads data's YAML over cfg, recording every problem.
func (l *loader) parse(data []byte, cfg *Config) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a byte-order mark from a Windows editor
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		l.syntaxError(err)
		return
	}
	var body ast.Node
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if body != nil {
			l.errNode(doc.Body, "", "a configuration file holds one YAML document; found another")
			return
		}
		body = doc.Body
	}
	if body == nil {
		return // an empty file: the defaults
	}
	l.decode(body, reflect.ValueOf(cfg).Elem(), "")
}

func (l *loader) syntaxError(err error) {
	l.broken = true
	var se *yaml.SyntaxError
	if errors.As(err, &se) && se.Token != nil && se.Token.Position != nil {
		l.errs = append(l.errs, Error{File: l.file, Line: se.Token.Position.Line, Col: se.Token.Position.Column, Msg: "invalid YAML: " + se.Message})
		return
	}
	l.errs = append(l.errs, Error{File: l.file, Msg: "invalid YAML: " + err.Error()})
}

var (
	durationType = reflect.TypeFor[Duration]()
	byteSizeType = reflect.TypeFor[ByteSize]()
)

// maxDepth bounds alias expansion and nesting: a configuration is a few levels deep.
const maxDepth = 64

// resolve strips tags and anchors from n and follows aliases.
func (l *loader) resolve(n ast.Node, path string) ast.Node {
	for range maxDepth {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			if v.Name != nil {
				l.anchors[v.Name.String()] = v.Value
			}
			n = v.Value
		case *ast.AliasNode:
			name := ""
			if v.Value != nil {
				name = v.Value.String()
			}
			target, ok := l.anchors[name]
			if !ok {
				l.errNode(v, path, "unknown alias *%s", name)
				return nil
			}
			n = target
		default:
			return n
		}
	}
	l.errNode(n, path, "aliases nested too deeply")
	return nil
}

// decode stores node into v, the option at path.
func (l *loader) decode(node ast.Node, v reflect.Value, path string) {
	l.depth++
	defer func() { l.depth-- }()
	if l.depth > maxDepth {
		l.errNode(node, path, "nested too deeply")
		return
	}
	node = l.resolve(node, path)
	if node == nil {
		return
	}
	line, col := nodePos(node)
	if path != "" {
		l.where[path] = pos{line: line, col: col}
	}
	if _, ok := node.(*ast.NullNode); ok {
		return // an empty value keeps the default
	}
	switch {
	case v.Kind() == reflect.Struct && v.Type() != durationType && v.Type() != byteSizeType:
		l.decodeStruct(node, v, path)
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
		seq, ok := node.(*ast.SequenceNode)
		if !ok {
			hint := ""
			if _, isMap := node.(*ast.MappingNode); isMap {
				hint = ` (start each item with "- ")`
			}
			l.errNode(node, path, "want a list, got %s%s", describe(node), hint)
			return
		}
		out := reflect.Zero(v.Type()) // an empty list is nil, as if never set
		if len(seq.Values) > 0 {
			out = reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
		}
		for i, item := range seq.Values {
			l.decode(item, out.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(out)
	case v.Kind() == reflect.Slice:
		var items []ast.Node
		if seq, ok := node.(*ast.SequenceNode); ok {
			items = seq.Values
		} else {
			items = []ast.Node{node} // a single value is a list of one
		}
		out := reflect.Zero(v.Type())
		for i, item := range items {
			ip := fmt.Sprintf("%s[%d]", path, i)
			item = l.resolve(item, ip)
			if item == nil {
				continue
			}
			il, ic := nodePos(item)
			l.where[ip] = pos{line: il, col: ic}
			s, ok := l.scalar(item, ip)
			if !ok {
				continue
			}
			out = reflect.Append(out, reflect.ValueOf(s).Convert(v.Type().Elem()))
		}
		v.Set(out)
	default:
		s, ok := l.scalar(node, path)
		if !ok {
			return
		}
		if err := setScalar(v, s); err != nil {
			l.errNode(node, path, "%v", err)
		}
	}
}

func (l *loader) decodeStruct(node ast.Node, v reflect.Value, path string) {
	m, ok := node.(*ast.MappingNode)
	if !ok {
		if mv, isMV := node.(*ast.MappingValueNode); isMV {
			m = &ast.MappingNode{BaseNode: &ast.BaseNode{}, Values: []*ast.MappingValueNode{mv}}
		} else {
			l.errNode(node, path, "want a mapping of options, got %s", describe(node))
			return
		}
	}
	fields := structFields(v.Type())
	for _, mv := range m.Values {
		if mv == nil || mv.Key == nil {
			continue
		}
		if mv.Key.IsMergeKey() {
			l.errNode(mv.Key, path, "merge keys (<<) are not supported: write the options out")
			continue
		}
		key := keyString(mv.Key)
		i, ok := fields[key]
		if !ok {
			where := "at the top level"
			if path != "" {
				where = "in " + path
			}
			msg := fmt.Sprintf("unknown option %q %s", key, where)
			if s := suggest(key, fieldNames(v.Type())); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else if elsewhere := keyPaths()[key]; len(elsewhere) > 0 {
				msg += fmt.Sprintf(" (it is an option of %s)", strings.Join(elsewhere, " and "))
			}
			l.errNode(mv.Key, joinPath(path, key), "%s", msg)
			continue
		}
		l.decode(mv.Value, v.Field(i), joinPath(path, key))
	}
}

func keyString(k ast.MapKeyNode) string {
	if s, ok := k.(*ast.StringNode); ok {
		return s.Value
	}
	if tk := k.GetToken(); tk != nil {
		return tk.Value
	}
	return k.String()
}

// scalar returns the text of a scalar node with ${VAR} expanded.
func (l *loader) scalar(n ast.Node, path string) (string, bool) {
	var s string
	switch v := n.(type) {
	case *ast.StringNode:
		s = v.Value
	case *ast.LiteralNode:
		if v.Value != nil {
			s = v.Value.Value
		}
	case *ast.NullNode:
		return "", true
	case ast.ScalarNode:
		tk := v.GetToken()
		if tk == nil {
			l.errNode(n, path, "unreadable value")
			return "", false
		}
		s = tk.Value
	default:
		l.errNode(n, path, "want a single value, got %s", describe(n))
		return "", false
	}
	out, err := expand(s, l.getenv)
	if err != nil {
		l.errNode(n, path, "%v", err)
		return "", false
	}
	return out, true
}

// expand replaces ${NAME} with the value of the environment variable NAME. "$${" is a
// literal "${". An undefined variable is an error naming it.
func expand(s string, getenv func(string) (string, bool)) (string, error) {
	if !strings.Contains(s, "${") {
		return s, nil
	}
	var b strings.Builder
	var missing []string
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "$${"):
			b.WriteString("${")
			i += 3
		case strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return "", fmt.Errorf("unclosed ${ in %q (write $${ for a literal ${)", s)
			}
			name := s[i+2 : i+end]
			if !validEnvName(name) {
				return "", fmt.Errorf("invalid variable name %q in ${...}", name)
			}
			val, ok := getenv(name)
			if !ok {
				missing = append(missing, name)
			}
			b.WriteString(val)
			i += end + 1
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	if len(missing) == 1 {
		return "", fmt.Errorf("environment variable %s is not set", missing[0])
	}
	if len(missing) > 1 {
		return "", fmt.Errorf("environment variables %s are not set", strings.Join(missing, ", "))
	}
	return b.String(), nil
}

func validEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// setScalar parses s into v according to v's type.
func setScalar(v reflect.Value, s string) error {
	switch v.Type() {
	case durationType:
		d, err := ParseDuration(s)
		if err != nil {
			return err
		}
		v.SetInt(int64(d))
		return nil
	case byteSizeType:
		n, err := ParseByteSize(s)
		if err != nil {
			return err
		}
		v.SetInt(n)
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true", "yes", "on":
			v.SetBool(true)
		case "false", "no", "off":
			v.SetBool(false)
		default:
			return fmt.Errorf("want true or false, got %q", s)
		}
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || v.OverflowInt(n) {
			return fmt.Errorf("want a whole number, got %q", s)
		}
		v.SetInt(n)
	case reflect.Float64:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return fmt.Errorf("want a number, got %q", s)
		}
		v.SetFloat(f)
	default:
		return fmt.Errorf("unsupported option type %s", v.Type())
	}
	return nil
}

func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode:
		return "nothing"
	}
	if tk := n.GetToken(); tk != nil && tk.Type != token.UnknownType {
		return fmt.Sprintf("%q", tk.Value)
	}
	return "a " + n.Type().String()
}

// structFields maps the yaml keys of t's fields to their indexes.
func structFields(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		if k := yamlKey(t.Field(i)); k != "" {
			m[k] = i
		}
	}
	return m
}

func fieldNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if k := yamlKey(t.Field(i)); k != "" {
			names = append(names, k)
		}
	}
	return names
}

func yamlKey(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	tag := f.Tag.Get("yaml")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" {
		return ""
	}
	if name == "" {
		return strings.ToLower(f.Name)
	}
	return name
}

// keyPaths maps each option key to the sections that have it: "per_host" ->
// ["crawl"], "url" -> ["sources[]", "alerts.channels[]"]. It finds options written in
// the wrong section.
var keyPaths = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		for i := range t.NumField() {
			key := yamlKey(t.Field(i))
			if key == "" {
				continue
			}
			section := path
			if section == "" {
				section = "the top level"
			}
			if !slices.Contains(m[key], section) {
				m[key] = append(m[key], section)
			}
			ft := t.Field(i).Type
			switch {
			case ft.Kind() == reflect.Struct && ft != durationType && ft != byteSizeType:
				walk(ft, joinPath(path, key))
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
				walk(ft.Elem(), joinPath(path, key)+"[]")
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
	return m
})
