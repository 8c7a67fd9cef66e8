package arch

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/closeout/closeout/"

// mayImport says which layers each layer of internal/ may import: imports
// flow one way, from the adapters (web, cmd) through the use cases and the
// Temporal code to the domain. Layers that never touch Temporal are listed
// in sdkFree.
var mayImport = map[string][]string{
	// i18n words messages in both languages; a leaf every layer may use.
	"i18n":     {},
	"domain":   {"i18n", "domain"},
	"platform": {"i18n", "domain", "platform"},
	"formats":  {"i18n", "domain", "platform", "formats"},
	"channels": {"i18n", "domain", "platform", "formats", "channels"},
	"temporal": {"i18n", "domain", "platform", "formats", "channels", "temporal", "app"},
	"app":      {"i18n", "domain", "platform", "formats", "channels", "temporal", "app"},
	"web":      {"i18n", "domain", "platform", "formats", "channels", "temporal", "app", "web"},
	"arch":     {"domain"},
	// testworld is imported by tests only.
	"testworld": {"i18n", "domain", "platform", "formats", "channels", "temporal", "app"},
}

// sdkFree are the layers whose packages must not depend on the Temporal
// SDK, not even through another package: the task domain, the projection
// store, files, metrics, reports, ledgers and notifiers.
var sdkFree = []string{"i18n", "domain", "platform", "formats", "channels"}

// Every package of internal/ imports only the layers its own may.
func TestImportsFlowOneWay(t *testing.T) {
	for pkg, imports := range goList(t, "{{.ImportPath}} {{join .Imports \" \"}}") {
		layer := layerOf(pkg)
		for _, imp := range imports {
			if !strings.HasPrefix(imp, module+"internal/") {
				continue
			}
			if to := layerOf(imp); !contains(mayImport[layer], to) {
				t.Errorf("%s (%s) imports %s (%s)", trim(pkg), layer, trim(imp), to)
			}
		}
	}
}

// The domain, the store, files, metrics, reports, ledgers and notifiers do
// not pull in go.temporal.io, directly or through anything they import.
func TestTheSDKStaysInItsLayers(t *testing.T) {
	for pkg, deps := range goList(t, "{{.ImportPath}} {{join .Deps \" \"}}") {
		if !contains(sdkFree, layerOf(pkg)) {
			continue
		}
		for _, d := range deps {
			if strings.HasPrefix(d, "go.temporal.io/") {
				t.Errorf("%s depends on %s", trim(pkg), d)
				break
			}
		}
	}
}

// goList runs go list over internal/ and returns, per package, the fields
// format lists after the import path.
func goList(t *testing.T, format string) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", format, module+"internal/...")
	cmd.Dir = moduleRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 0 {
			pkgs[fields[0]] = fields[1:]
		}
	}
	return pkgs
}

// layerOf is the folder below internal/ a package sits in.
func layerOf(pkg string) string {
	layer, _, _ := strings.Cut(trim(pkg), "/")
	return layer
}

func trim(pkg string) string { return strings.TrimPrefix(pkg, module+"internal/") }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
