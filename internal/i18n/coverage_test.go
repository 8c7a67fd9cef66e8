package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// A wording function is i18n.T or any function with a `format string`
// parameter that hands format on to a wording function. Every string
// literal passed as the format of a wording function, anywhere in the
// module's shipped code, must have its Chinese in the catalogue.
func TestEveryFormatHasChinese(t *testing.T) {
	missing := missingFormats(parseModule(t))
	keys := make([]string, 0, len(missing))
	for k := range missing {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Errorf("no Chinese for %q (%s)", k, missing[k][0])
	}
}

// The scan follows a wrapper that hands its format on, in the same package
// and through an import, and finds the literal it was called with.
func TestScanFollowsWrappers(t *testing.T) {
	fset := token.NewFileSet()
	parse := func(dir, src string) sourceFile {
		f, err := parser.ParseFile(fset, dir+"/x.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		return sourceFile{fset: fset, file: f, dir: dir, imports: map[string]string{"i18n": "internal/i18n", "rules": "internal/rules"}}
	}
	files := []sourceFile{
		parse("internal/rules", `package rules
func refuse(field, format string, args ...any) error { return wrap(i18n.T(format, args...)) }
func Refuse(format string, args ...any) error { return refuse("", format, args...) }
func other(format string) string { return format }`),
		parse("internal/web", `package web
func f() { rules.Refuse("a missing sentence %d", 1); other("not wording"); i18n.T("the request was cancelled") }`),
	}
	got := missingFormats(files)
	if len(got) != 1 || got["a missing sentence %d"] == nil {
		t.Fatalf("got %v, want only the sentence passed through the wrappers", got)
	}
}

func missingFormats(files []sourceFile) map[string][]string {
	wording := wordingFunctions(files)
	missing := map[string][]string{}
	for _, f := range files {
		ast.Inspect(f.file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			idx, ok := wording[f.callee(call)]
			if !ok || idx >= len(call.Args) {
				return true
			}
			format, ok := literal(call.Args[idx])
			if !ok {
				return true
			}
			if _, ok := chinese[format]; !ok {
				missing[format] = append(missing[format], f.fset.Position(call.Pos()).String())
			}
			return true
		})
	}
	return missing
}

// Every catalogue entry has Chinese using as many arguments as the English.
func TestCatalogueEntriesAreWhole(t *testing.T) {
	verb := regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z]`)
	count := func(s string) int { return len(verb.FindAllString(strings.ReplaceAll(s, "%%", ""), -1)) }
	for en, zh := range chinese {
		if strings.TrimSpace(zh) == "" {
			t.Errorf("%q has no Chinese", en)
			continue
		}
		if count(en) != count(zh) {
			t.Errorf("%q and %q use a different number of arguments", en, zh)
		}
	}
}

type sourceFile struct {
	fset    *token.FileSet
	file    *ast.File
	dir     string            // the package's folder, relative to the module
	imports map[string]string // local name → folder relative to the module
}

const modulePath = "github.com/closeout/closeout/"

func parseModule(t *testing.T) []sourceFile {
	t.Helper()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	var out []sourceFile
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "tools") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		sf := sourceFile{fset: fset, file: f, dir: filepath.ToSlash(rel), imports: map[string]string{}}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !strings.HasPrefix(p, modulePath) {
				continue
			}
			name := p[strings.LastIndex(p, "/")+1:]
			if imp.Name != nil {
				name = imp.Name.Name
			}
			sf.imports[name] = strings.TrimPrefix(p, modulePath)
		}
		out = append(out, sf)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// callee names what a call calls: "dir.Func" for a function of the module,
// ".Method" for a method (methods are matched by name).
func (f sourceFile) callee(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return f.dir + "." + fn.Name
	case *ast.SelectorExpr:
		if x, ok := fn.X.(*ast.Ident); ok {
			if dir, ok := f.imports[x.Name]; ok {
				return dir + "." + fn.Sel.Name
			}
		}
		return "." + fn.Sel.Name
	}
	return ""
}

// wordingFunctions finds, to a fixed point, the functions that hand a
// format parameter on to i18n.T, with the index of that parameter.
func wordingFunctions(files []sourceFile) map[string]int {
	wording := map[string]int{"internal/i18n.T": 0}
	for changed := true; changed; {
		changed = false
		for _, f := range files {
			for _, decl := range f.file.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				name := f.dir + "." + fd.Name.Name
				if fd.Recv != nil {
					name = "." + fd.Name.Name
				}
				if _, done := wording[name]; done {
					continue
				}
				param, idx := formatParam(fd)
				if idx < 0 {
					continue
				}
				if handsOn(f, fd.Body, param, wording) {
					wording[name] = idx
					changed = true
				}
			}
		}
	}
	return wording
}

// formatParam is the function's string parameter named like a format (or
// a detail or message it words), and its index; -1 when it has none.
func formatParam(fd *ast.FuncDecl) (string, int) {
	i := 0
	for _, field := range fd.Type.Params.List {
		typ, _ := field.Type.(*ast.Ident)
		for _, n := range field.Names {
			if typ != nil && typ.Name == "string" && strings.Contains(strings.ToLower(n.Name), "format") {
				return n.Name, i
			}
			i++
		}
		if len(field.Names) == 0 {
			i++
		}
	}
	return "", -1
}

func handsOn(f sourceFile, body *ast.BlockStmt, param string, wording map[string]int) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		idx, ok := wording[f.callee(call)]
		if ok && idx < len(call.Args) {
			if id, ok := call.Args[idx].(*ast.Ident); ok && id.Name == param {
				found = true
			}
		}
		return true
	})
	return found
}

// literal is the value of a string literal, or of literals joined by +.
func literal(e ast.Expr) (string, bool) {
	switch v := e.(type) {
	case *ast.BasicLit:
		if v.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(v.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if v.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(v.X)
		b, ok2 := literal(v.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(v.X)
	}
	return "", false
}
