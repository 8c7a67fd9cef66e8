// Package deploy holds no code: its test keeps the compose file, the
// Kubernetes manifests and the Dockerfile in line with the binary they run.
// Manifests are never compiled, so a renamed subcommand, environment
// variable, port or probe path would otherwise only show at deployment. The
// test reads what the binary has from its Go source (go/parser), not from a
// list kept here, so a change on either side that the other does not follow
// fails it.
package deploy

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// repo is the repository root, seen from this package's directory.
const repo = ".."

// ---- what the binary has, read from its source ----

// binaryFacts is what the manifests may refer to.
type binaryFacts struct {
	// commands maps each top-level subcommand (rootCommand's AddCommand) to
	// the function that builds it.
	commands map[string]string
	// envRead is every variable name the code reads with env, os.Getenv or
	// os.LookupEnv.
	envRead map[string]bool
	// envPrefixes and envSuffixes make the names read dynamically: the
	// webhooks' prefix+[NAME_]+suffix.
	envPrefixes, envSuffixes []string
	// httpAddr is each command's default CLOSEOUT_HTTP_ADDR, metricsAddr
	// its default CLOSEOUT_METRICS_ADDR.
	httpAddr, metricsAddr map[string]string
	// opsPaths are the paths both the api and the worker serve
	// (api.Server.opsRoutes): health, readiness.
	opsPaths map[string]bool
	// metricsPath is where the metrics address answers (the metricsPath
	// constant of cmd/closeout).
	metricsPath string
}

func parseGoFiles(t *testing.T, dir string) []*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	return files
}

func funcs(files []*ast.File) map[string]*ast.FuncDecl {
	out := map[string]*ast.FuncDecl{}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				out[fd.Name.Name] = fd
			}
		}
	}
	return out
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// envCall reports the variable name (and the default, for env) of a call
// that reads the environment.
func envCall(call *ast.CallExpr) (name, def string, ok bool) {
	if len(call.Args) == 0 {
		return "", "", false
	}
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		if fn.Name != "env" {
			return "", "", false
		}
	case *ast.SelectorExpr:
		pkg, isIdent := fn.X.(*ast.Ident)
		if !isIdent || pkg.Name != "os" || (fn.Sel.Name != "Getenv" && fn.Sel.Name != "LookupEnv") {
			return "", "", false
		}
	default:
		return "", "", false
	}
	name, ok = stringLit(call.Args[0])
	if ok && len(call.Args) > 1 {
		def, _ = stringLit(call.Args[1])
	}
	return name, def, ok
}

// cobraUse is the first word of the Use of the first cobra.Command a
// function builds.
func cobraUse(fd *ast.FuncDecl) string {
	var use string
	ast.Inspect(fd, func(n ast.Node) bool {
		if use != "" {
			return false
		}
		cl, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		sel, ok := cl.Type.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Command" {
			return true
		}
		for _, el := range cl.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Use" {
				if s, ok := stringLit(kv.Value); ok {
					use = strings.Fields(s)[0]
				}
			}
		}
		return use == ""
	})
	return use
}

func readBinaryFacts(t *testing.T) binaryFacts {
	t.Helper()
	files := parseGoFiles(t, filepath.Join(repo, "cmd", "closeout"))
	fns := funcs(files)
	b := binaryFacts{commands: map[string]string{}, envRead: map[string]bool{}, httpAddr: map[string]string{}, metricsAddr: map[string]string{}, opsPaths: map[string]bool{}}

	root, ok := fns["rootCommand"]
	if !ok {
		t.Fatal("cmd/closeout has no rootCommand")
	}
	ast.Inspect(root, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "AddCommand" {
			return true
		}
		for _, arg := range call.Args {
			c, ok := arg.(*ast.CallExpr)
			if !ok {
				continue
			}
			id, ok := c.Fun.(*ast.Ident)
			if !ok {
				continue
			}
			fd, ok := fns[id.Name]
			if !ok {
				t.Fatalf("rootCommand adds %s(), which cmd/closeout does not define", id.Name)
			}
			if use := cobraUse(fd); use != "" {
				b.commands[use] = id.Name
			}
		}
		return false
	})
	if len(b.commands) == 0 {
		t.Fatal("found no subcommands in rootCommand")
	}

	// Every variable read anywhere in the binary's package, and the
	// CLOSEOUT_HTTP_ADDR and CLOSEOUT_METRICS_ADDR defaults of each function
	// that reads them.
	defaults := map[string]map[string]string{"CLOSEOUT_HTTP_ADDR": {}, "CLOSEOUT_METRICS_ADDR": {}} // variable → function → default address
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			ast.Inspect(fd, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if name, def, ok := envCall(call); ok {
					b.envRead[name] = true
					if byFunc, ok := defaults[name]; ok {
						byFunc[fd.Name.Name] = def
					}
				}
				return true
			})
		}
		// Names read by prefix (webhooksFromEnv): the constant's value; and
		// the metrics path.
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					v, ok := stringLit(vs.Values[i])
					switch {
					case ok && n.Name == "webhookPrefix":
						b.envPrefixes = append(b.envPrefixes, v)
					case ok && n.Name == "metricsPath":
						b.metricsPath = v
					}
				}
			}
		}
	}
	// The suffixes: the literals appended to webhookPrefix+name.
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			be, ok := n.(*ast.BinaryExpr)
			if !ok || be.Op != token.ADD {
				return true
			}
			suffix, ok := stringLit(be.Y)
			if !ok {
				return true
			}
			found := false
			ast.Inspect(be.X, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Name == "webhookPrefix" {
					found = true
				}
				return !found
			})
			if found && !slices.Contains(b.envSuffixes, suffix) {
				b.envSuffixes = append(b.envSuffixes, suffix)
			}
			return true
		})
	}
	if len(b.envPrefixes) == 0 || len(b.envSuffixes) == 0 {
		t.Fatal("cmd/closeout has no webhookPrefix constant or no webhookPrefix+name+\"SUFFIX\" names: update how this test reads webhook variables")
	}
	if b.metricsPath == "" {
		t.Fatal("cmd/closeout has no metricsPath constant: update how this test finds where metrics are served")
	}
	for name, into := range map[string]map[string]string{"CLOSEOUT_HTTP_ADDR": b.httpAddr, "CLOSEOUT_METRICS_ADDR": b.metricsAddr} {
		base, ok := defaults[name]["loadConfig"]
		if !ok {
			t.Fatalf("loadConfig does not read %s", name)
		}
		for use, fn := range b.commands {
			into[use] = base
			if a, ok := defaults[name][fn]; ok {
				into[use] = a // the command's own default (the worker's, dev's)
			}
		}
	}

	// The paths opsRoutes registers: the api's handler and the worker's ops
	// handler both call it.
	var ops *ast.FuncDecl
	for _, f := range parseGoFiles(t, filepath.Join(repo, "internal", "web", "api")) {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "opsRoutes" {
				ops = fd
			}
		}
	}
	if ops == nil {
		t.Fatal("api has no opsRoutes")
	}
	ast.Inspect(ops, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "GET" && len(call.Args) > 0 {
			if p, ok := stringLit(call.Args[0]); ok {
				b.opsPaths[p] = true
			}
		}
		return true
	})
	for _, p := range []string{"/healthz", "/readyz"} {
		if !b.opsPaths[p] {
			t.Errorf("api.opsRoutes no longer serves %s; the manifests probe it", p)
		}
	}
	if b.opsPaths[b.metricsPath] {
		t.Errorf("api.opsRoutes serves %s beside the API; it belongs on CLOSEOUT_METRICS_ADDR alone", b.metricsPath)
	}
	return b
}

// Variables the Go runtime reads, which a manifest may set for closeout.
var runtimeEnv = map[string]bool{"GOMEMLIMIT": true, "GOGC": true, "GODEBUG": true, "GOMAXPROCS": true, "TZ": true}

// readsEnv reports whether closeout reads name.
func (b binaryFacts) readsEnv(name string) bool {
	if b.envRead[name] || runtimeEnv[name] {
		return true
	}
	for _, p := range b.envPrefixes {
		rest, ok := strings.CutPrefix(name, p)
		if !ok {
			continue
		}
		for _, suffix := range b.envSuffixes {
			// CLOSEOUT_WEBHOOK_URL, or CLOSEOUT_WEBHOOK_<NAME>_URL.
			if mid, ok := strings.CutSuffix(rest, suffix); ok && (mid == "" || strings.HasSuffix(mid, "_")) {
				return true
			}
		}
	}
	return false
}

// port is the port of a listen address (":8080" → "8080").
func port(t *testing.T, addr string) string {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("listen address %q: %v", addr, err)
	}
	return p
}

// ---- the Dockerfile ----

type dockerfile struct {
	binary  string          // ENTRYPOINT's program
	user    string          // the final USER
	expose  map[string]bool // EXPOSEd ports
	builds  []string        // package paths `go build` builds
	stagesN int
}

func readDockerfile(t *testing.T, path string) dockerfile {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := dockerfile{expose: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		instr, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		switch strings.ToUpper(instr) {
		case "FROM":
			d.stagesN++
			d.user, d.expose = "", map[string]bool{} // a new stage starts from its base
		case "USER":
			d.user = rest
		case "EXPOSE":
			for _, p := range strings.Fields(rest) {
				d.expose[strings.TrimSuffix(p, "/tcp")] = true
			}
		case "ENTRYPOINT":
			var argv []string
			if err := yaml.Unmarshal([]byte(rest), &argv); err != nil || len(argv) == 0 {
				t.Fatalf("%s: ENTRYPOINT %s: want the exec form", path, rest)
			}
			d.binary = argv[0]
		case "RUN":
			fields := strings.Fields(rest)
			if i := slices.Index(fields, "build"); i > 0 && fields[i-1] == "go" {
				for _, f := range fields[i+1:] {
					if strings.HasPrefix(f, "./") {
						d.builds = append(d.builds, f)
					}
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return d
}

// ---- compose ----

type composeFile struct {
	Services map[string]composeService `yaml:"services"`
}

type composeService struct {
	Image       string         `yaml:"image"`
	Build       any            `yaml:"build"`
	Command     any            `yaml:"command"`
	Entrypoint  any            `yaml:"entrypoint"`
	Environment any            `yaml:"environment"`
	Ports       []any          `yaml:"ports"`
	Healthcheck map[string]any `yaml:"healthcheck"`
}

// argv reads a compose command: a list, or a string split on spaces.
func argv(v any) []string {
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		return strings.Fields(v)
	case []any:
		out := make([]string, len(v))
		for i, s := range v {
			out[i] = fmt.Sprint(s)
		}
		return out
	}
	return []string{fmt.Sprint(v)}
}

// environment reads a compose environment: a map (anchors already merged by
// the decoder) or a list of NAME=value.
func environment(v any) map[string]string {
	out := map[string]string{}
	switch v := v.(type) {
	case map[string]any:
		for k, val := range v {
			if val == nil {
				out[k] = ""
			} else {
				out[k] = fmt.Sprint(val)
			}
		}
	case []any:
		for _, kv := range v {
			k, val, _ := strings.Cut(fmt.Sprint(kv), "=")
			out[k] = val
		}
	}
	return out
}

// containerPort is the container side of a compose port: "8080",
// "8080:8080", "127.0.0.1:8080:8080/tcp" or the long syntax's target.
func containerPort(v any) string {
	if m, ok := v.(map[string]any); ok {
		return fmt.Sprint(m["target"])
	}
	s := strings.TrimSuffix(fmt.Sprint(v), "/tcp")
	return s[strings.LastIndex(s, ":")+1:]
}

func TestCompose(t *testing.T) {
	b := readBinaryFacts(t)
	path := filepath.Join(repo, "deploy", "compose.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cf composeFile
	if err := yaml.Unmarshal(data, &cf); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	seen := 0
	for name, s := range cf.Services {
		build, ok := s.Build.(map[string]any)
		if !ok {
			if s.Build != nil || strings.Contains(s.Image, "closeout") {
				t.Errorf("service %s: want build: {context, dockerfile} like the others", name)
			}
			continue // postgres, temporal, its UI: not closeout
		}
		seen++
		ctxDir := filepath.Join(filepath.Dir(path), fmt.Sprint(build["context"]))
		df := filepath.Join(ctxDir, fmt.Sprint(build["dockerfile"]))
		if _, err := os.Stat(df); err != nil {
			t.Errorf("service %s builds %s: %v", name, df, err)
			continue
		}
		if _, err := os.Stat(filepath.Join(ctxDir, "go.mod")); err != nil {
			t.Errorf("service %s: build context %s is not the module root: %v", name, ctxDir, err)
		}
		image := readDockerfile(t, df)
		if s.Entrypoint != nil {
			t.Errorf("service %s overrides the entrypoint; the command is closeout's subcommand", name)
		}
		args := argv(s.Command)
		if len(args) == 0 {
			t.Errorf("service %s: no command; want one of %v", name, sortedKeys(b.commands))
			continue
		}
		sub := args[0]
		if _, ok := b.commands[sub]; !ok {
			t.Errorf("service %s runs `closeout %s`; the binary's subcommands are %v", name, sub, sortedKeys(b.commands))
			continue
		}
		env := environment(s.Environment)
		for k := range env {
			if !b.readsEnv(k) {
				t.Errorf("service %s sets %s, which closeout does not read", name, k)
			}
		}
		if env["DATABASE_URL"] == "" {
			t.Errorf("service %s: DATABASE_URL is not set; every subcommand it may run needs it", name)
		}
		addr := b.httpAddr[sub]
		if v := env["CLOSEOUT_HTTP_ADDR"]; v != "" {
			addr = v
		}
		for _, p := range s.Ports {
			cp := containerPort(p)
			if cp != port(t, addr) {
				t.Errorf("service %s publishes container port %s; `closeout %s` listens on %s", name, cp, sub, addr)
			}
			if !image.expose[cp] {
				t.Errorf("service %s publishes %s, which %s does not EXPOSE", name, cp, df)
			}
		}
		if s.Healthcheck != nil {
			checkComposeHealthcheck(t, name, sub, addr, argv(s.Healthcheck["test"]), image, b)
		}
	}
	if seen < 3 {
		t.Errorf("found %d closeout services in %s, want migrate, api and worker", seen, path)
	}
}

// checkComposeHealthcheck checks a healthcheck runs the image's own binary
// (distroless has no curl or shell) with a subcommand it has, against the
// port and a path the process serves.
func checkComposeHealthcheck(t *testing.T, service, sub, addr string, test []string, image dockerfile, b binaryFacts) {
	t.Helper()
	if len(test) < 4 || test[0] != "CMD" {
		t.Errorf("service %s: healthcheck %v: want [CMD, %s, probe, URL] (the image has no shell)", service, test, image.binary)
		return
	}
	if test[1] != image.binary {
		t.Errorf("service %s: healthcheck runs %s; the image's binary is %s", service, test[1], image.binary)
	}
	if _, ok := b.commands[test[2]]; !ok {
		t.Errorf("service %s: healthcheck runs `closeout %s`, which the binary does not have", service, test[2])
	}
	u, err := url.Parse(test[3])
	if err != nil {
		t.Errorf("service %s: healthcheck URL %q: %v", service, test[3], err)
		return
	}
	if u.Port() != port(t, addr) {
		t.Errorf("service %s: healthcheck asks port %s; `closeout %s` listens on %s", service, u.Port(), sub, addr)
	}
	if !b.opsPaths[u.Path] {
		t.Errorf("service %s: healthcheck asks %s, which closeout does not serve (it serves %v)", service, u.Path, sortedKeys(b.opsPaths))
	}
}

// ---- Kubernetes ----

type k8sObject struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Data map[string]string `yaml:"data"`
	Spec struct {
		Template struct {
			Metadata struct {
				Annotations map[string]string `yaml:"annotations"`
				Labels      map[string]string `yaml:"labels"`
			} `yaml:"metadata"`
			Spec podSpec `yaml:"spec"`
		} `yaml:"template"`
		Selector map[string]any `yaml:"selector"`
		Ports    []struct {
			Name       string `yaml:"name"`
			TargetPort any    `yaml:"targetPort"`
		} `yaml:"ports"`
	} `yaml:"spec"`
	// kustomization.yaml
	Resources []string `yaml:"resources"`
	Images    []struct {
		Name string `yaml:"name"`
	} `yaml:"images"`
}

type securityContext struct {
	RunAsNonRoot *bool  `yaml:"runAsNonRoot"`
	RunAsUser    *int64 `yaml:"runAsUser"`
}

type podSpec struct {
	SecurityContext securityContext `yaml:"securityContext"`
	Containers      []container     `yaml:"containers"`
	InitContainers  []container     `yaml:"initContainers"`
}

type probe struct {
	HTTPGet *struct {
		Path string `yaml:"path"`
		Port any    `yaml:"port"`
	} `yaml:"httpGet"`
}

type container struct {
	Name    string   `yaml:"name"`
	Image   string   `yaml:"image"`
	Command []string `yaml:"command"`
	Args    []string `yaml:"args"`
	Ports   []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	Env []struct {
		Name  string `yaml:"name"`
		Value string `yaml:"value"`
	} `yaml:"env"`
	EnvFrom []struct {
		ConfigMapRef *struct {
			Name string `yaml:"name"`
		} `yaml:"configMapRef"`
		SecretRef *struct {
			Name string `yaml:"name"`
		} `yaml:"secretRef"`
	} `yaml:"envFrom"`
	ReadinessProbe  *probe          `yaml:"readinessProbe"`
	LivenessProbe   *probe          `yaml:"livenessProbe"`
	StartupProbe    *probe          `yaml:"startupProbe"`
	SecurityContext securityContext `yaml:"securityContext"`
}

// readManifests decodes every document of every deploy/k8s/*.yaml.
func readManifests(t *testing.T, dir string) map[string][]k8sObject {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]k8sObject{}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var o k8sObject
			err := dec.Decode(&o)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if o.Kind != "" {
				out[filepath.Base(name)] = append(out[filepath.Base(name)], o)
			}
		}
	}
	return out
}

// secretKeys are the keys deploy/k8s/README.md tells operators to put in the
// Secret the manifests read (the Secret itself is not in the repository):
// every backquoted NAME_WITH_UNDERSCORES, and every --from-literal=NAME.
func secretKeys(t *testing.T, readme string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, m := range regexp.MustCompile("`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`").FindAllSubmatch(data, -1) {
		out[string(m[1])] = true
	}
	for _, m := range regexp.MustCompile(`--from-literal=([A-Z0-9_]+)=`).FindAllSubmatch(data, -1) {
		out[string(m[1])] = true
	}
	return out
}

// numericUser reports whether a Dockerfile USER is a uid (with an optional
// gid), which the kubelet needs to verify runAsNonRoot.
func numericUser(u string) bool {
	uid, _, _ := strings.Cut(u, ":")
	n, err := strconv.Atoi(uid)
	return err == nil && n > 0
}

func TestKubernetes(t *testing.T) {
	b := readBinaryFacts(t)
	dir := filepath.Join(repo, "deploy", "k8s")
	manifests := readManifests(t, dir)
	image := readDockerfile(t, filepath.Join(repo, "deploy", "Dockerfile"))
	readme := filepath.Join(dir, "README.md")
	secret := secretKeys(t, readme)
	for k := range secret {
		if !b.readsEnv(k) {
			t.Errorf("%s names %s for the Secret, which closeout does not read", readme, k)
		}
	}
	if !secret["DATABASE_URL"] {
		t.Errorf("%s does not tell operators to put DATABASE_URL in the Secret; nothing else sets it", readme)
	}

	// kustomization.yaml lists every manifest, each exists, and maps the
	// image name the containers use.
	var kust *k8sObject
	for _, o := range manifests["kustomization.yaml"] {
		kust = &o
	}
	if kust == nil {
		t.Fatal("deploy/k8s has no kustomization.yaml")
	}
	for _, r := range kust.Resources {
		if _, err := os.Stat(filepath.Join(dir, r)); err != nil {
			t.Errorf("kustomization.yaml lists %s: %v", r, err)
		}
	}
	for name := range manifests {
		if name != "kustomization.yaml" && !slices.Contains(kust.Resources, name) {
			t.Errorf("kustomization.yaml does not list %s: `kubectl apply -k` would leave it out", name)
		}
	}
	images := map[string]bool{}
	for _, im := range kust.Images {
		images[im.Name] = true
	}

	configMaps := map[string]map[string]string{}
	for name, objs := range manifests {
		for _, o := range objs {
			if o.Kind == "ConfigMap" {
				configMaps[o.Metadata.Name] = o.Data
				for k := range o.Data {
					if !b.readsEnv(k) {
						t.Errorf("%s: ConfigMap %s sets %s, which closeout does not read", name, o.Metadata.Name, k)
					}
				}
			}
		}
	}

	seen := map[string]bool{}
	for file, objs := range manifests {
		for _, o := range objs {
			if o.Kind != "Deployment" && o.Kind != "Job" && o.Kind != "StatefulSet" && o.Kind != "DaemonSet" {
				continue
			}
			where := file + ": " + o.Kind + " " + o.Metadata.Name
			pod := o.Spec.Template.Spec
			for _, c := range append(slices.Clone(pod.InitContainers), pod.Containers...) {
				if c.Image != "closeout" && !strings.Contains(c.Image, "closeout/closeout") {
					continue
				}
				cw := where + " container " + c.Name
				if !images[c.Image] {
					t.Errorf("%s: image %q is not one kustomization.yaml maps (images: %v)", cw, c.Image, kust.Images)
				}
				if len(c.Command) > 0 {
					t.Errorf("%s overrides the entrypoint (command); put the subcommand in args", cw)
				}
				if len(c.Args) == 0 {
					t.Errorf("%s: no args; the image's default would run", cw)
					continue
				}
				sub := c.Args[0]
				if _, ok := b.commands[sub]; !ok {
					t.Errorf("%s runs `closeout %s`; the binary's subcommands are %v", cw, sub, sortedKeys(b.commands))
					continue
				}
				seen[sub] = true

				// Its environment: its own env, its ConfigMaps, the Secret.
				env := map[string]string{}
				for _, ef := range c.EnvFrom {
					switch {
					case ef.ConfigMapRef != nil:
						data, ok := configMaps[ef.ConfigMapRef.Name]
						if !ok {
							t.Errorf("%s reads ConfigMap %s, which no manifest defines", cw, ef.ConfigMapRef.Name)
						}
						for k, v := range data {
							env[k] = v
						}
					case ef.SecretRef != nil:
						for k := range secret {
							if _, set := env[k]; !set {
								env[k] = "(secret)"
							}
						}
					}
				}
				for _, e := range c.Env {
					if !b.readsEnv(e.Name) {
						t.Errorf("%s sets %s, which closeout does not read", cw, e.Name)
					}
					env[e.Name] = e.Value
				}
				if env["DATABASE_URL"] == "" {
					t.Errorf("%s: nothing sets DATABASE_URL", cw)
				}

				// Ports and probes against the address the process listens on.
				addr := b.httpAddr[sub]
				if v := env["CLOSEOUT_HTTP_ADDR"]; v != "" && v != "(secret)" {
					addr = v
				}
				want := port(t, addr)
				metricsAddr := b.metricsAddr[sub]
				if v := env["CLOSEOUT_METRICS_ADDR"]; v != "" && v != "(secret)" {
					metricsAddr = v
				}
				wantMetrics := port(t, metricsAddr)
				named := map[string]string{}
				for _, p := range c.Ports {
					got := strconv.Itoa(p.ContainerPort)
					named[p.Name] = got
					if got != want && got != wantMetrics {
						t.Errorf("%s declares containerPort %s; `closeout %s` listens on %s and serves metrics on %s", cw, got, sub, addr, metricsAddr)
					}
					if !image.expose[got] {
						t.Errorf("%s declares containerPort %s, which the Dockerfile does not EXPOSE", cw, got)
					}
				}
				for kind, pr := range map[string]*probe{"readinessProbe": c.ReadinessProbe, "livenessProbe": c.LivenessProbe, "startupProbe": c.StartupProbe} {
					if pr == nil {
						continue
					}
					if pr.HTTPGet == nil {
						t.Errorf("%s: %s is not httpGet; the image has no shell for exec probes", cw, kind)
						continue
					}
					p := fmt.Sprint(pr.HTTPGet.Port)
					if n, ok := named[p]; ok {
						p = n
					}
					if p != want {
						t.Errorf("%s: %s asks port %v; `closeout %s` listens on %s", cw, kind, pr.HTTPGet.Port, sub, addr)
					}
					if !b.opsPaths[pr.HTTPGet.Path] {
						t.Errorf("%s: %s asks %s, which closeout does not serve (it serves %v)", cw, kind, pr.HTTPGet.Path, sortedKeys(b.opsPaths))
					}
				}
				if ann := o.Spec.Template.Metadata.Annotations; ann["prometheus.io/scrape"] == "true" {
					if ann["prometheus.io/port"] != wantMetrics {
						t.Errorf("%s: prometheus.io/port %q; `closeout %s` serves %s on %s", where, ann["prometheus.io/port"], sub, b.metricsPath, metricsAddr)
					}
					if p := ann["prometheus.io/path"]; p != "" && p != b.metricsPath {
						t.Errorf("%s: prometheus.io/path %s; metrics are served on %s", where, p, b.metricsPath)
					}
				}

				// runAsNonRoot needs a uid the kubelet can check: a named USER
				// (USER nonroot) makes the pod fail to start with "image has
				// non-numeric user".
				nonRoot := pod.SecurityContext.RunAsNonRoot != nil && *pod.SecurityContext.RunAsNonRoot
				if c.SecurityContext.RunAsNonRoot != nil {
					nonRoot = *c.SecurityContext.RunAsNonRoot
				}
				hasUID := pod.SecurityContext.RunAsUser != nil || c.SecurityContext.RunAsUser != nil
				if nonRoot && !hasUID && !numericUser(image.user) {
					t.Errorf("%s: runAsNonRoot without runAsUser, and the Dockerfile's USER is %q, not a uid: the kubelet refuses to start it", cw, image.user)
				}
			}
		}
		// Services send traffic to a named port a container has.
		for _, o := range objs {
			if o.Kind != "Service" {
				continue
			}
			for _, p := range o.Spec.Ports {
				name, isName := p.TargetPort.(string)
				if !isName {
					continue
				}
				if !podHasPort(manifests, o.Spec.Selector, name) {
					t.Errorf("%s: Service %s targets port %q, which no container it selects declares", file, o.Metadata.Name, name)
				}
				if name == "metrics" {
					t.Errorf("%s: Service %s exposes the metrics port; Prometheus scrapes pods, and /metrics takes no token", file, o.Metadata.Name)
				}
			}
		}
	}
	for _, sub := range []string{"migrate", "api", "worker"} {
		if !seen[sub] {
			t.Errorf("no manifest runs `closeout %s`", sub)
		}
	}
}

// podHasPort reports whether a pod template whose labels match selector has
// a container port named name.
func podHasPort(manifests map[string][]k8sObject, selector map[string]any, name string) bool {
	for _, objs := range manifests {
		for _, o := range objs {
			labels := o.Spec.Template.Metadata.Labels
			if len(labels) == 0 {
				continue
			}
			match := true
			for k, v := range selector {
				if labels[k] != fmt.Sprint(v) {
					match = false
				}
			}
			if !match {
				continue
			}
			for _, c := range o.Spec.Template.Spec.Containers {
				for _, p := range c.Ports {
					if p.Name == name {
						return true
					}
				}
			}
		}
	}
	return false
}

// TestDockerfile checks the image builds the binary the manifests run.
func TestDockerfile(t *testing.T) {
	path := filepath.Join(repo, "deploy", "Dockerfile")
	d := readDockerfile(t, path)
	if d.stagesN < 2 {
		t.Errorf("%s has %d stages; want a build stage and the runtime one", path, d.stagesN)
	}
	if !slices.Contains(d.builds, "./cmd/closeout") {
		t.Errorf("%s builds %v; want ./cmd/closeout", path, d.builds)
	}
	if _, err := os.Stat(filepath.Join(repo, "cmd", "closeout", "main.go")); err != nil {
		t.Error(err)
	}
	if d.binary == "" {
		t.Errorf("%s has no ENTRYPOINT", path)
	}
	b := readBinaryFacts(t)
	for _, sub := range []string{"api", "worker"} {
		if p := port(t, b.httpAddr[sub]); !d.expose[p] {
			t.Errorf("%s does not EXPOSE %s, where `closeout %s` listens", path, p, sub)
		}
		if p := port(t, b.metricsAddr[sub]); !d.expose[p] {
			t.Errorf("%s does not EXPOSE %s, where `closeout %s` serves metrics", path, p, sub)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
