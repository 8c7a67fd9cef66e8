package arch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"
)

// tableFile is the one place an action may be named.
const tableFile = "internal/domain/task/action_table.go"

// Nothing but the action table names an action: no string in the code
// spells an action's name or path, in any of the spellings a route, a form
// or a button would use. Everything else derives them from task.Kinds.
func TestActionsAreNamedOnlyInTheTable(t *testing.T) {
	spellings := map[string]string{}
	for _, k := range task.Kinds {
		for _, s := range []string{k.Name, k.Path, "/" + k.Path, strings.ReplaceAll(k.Name, "_", "-"), "/" + k.Name} {
			spellings[s] = k.Name
		}
	}
	root := moduleRoot(t)
	for _, file := range sourceFiles(t, root) {
		rel, _ := filepath.Rel(root, file)
		if rel == tableFile {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			v, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if name, ok := spellings[v]; ok && !allowed[rel+":"+v] {
				t.Errorf("%s:%d: %q names the action %s; derive it from task.Kinds", rel, fset.Position(lit.Pos()).Line, v, name)
			}
			return true
		})
	}
}

// allowed are strings that spell an action's name but mean something else:
// the progress event, the ledger's progress column, the import's progress
// query.
var allowed = map[string]bool{
	"internal/domain/task/view.go:progress":                   true,
	"internal/formats/ledger/headers.go:progress":             true,
	"internal/temporal/workflows/import_workflow.go:progress": true,
}
