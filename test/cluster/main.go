// Command testbed runs a throw-away Kubernetes control plane in one process
// for the cub-scout integration tests:
//
//   - embedded etcd (loopback, temp data dir, no fsync),
//   - kube-apiserver (loopback, self-signed certs, static token auth, RBAC,
//     Metadata-level audit log to a file),
//   - kube-controller-manager with a small set of controllers (deployment,
//     replicaset, garbagecollector, serviceaccount, serviceaccount-token,
//     namespace). There is no kubelet and no scheduler: pods stay Pending.
//
// After the API server is ready it installs the read-only ClusterRole and
// binding and the Flux / Argo CD / Flux Operator CRDs from crds/, writes a
// kubeconfig and prints one JSON line on stdout:
//
//	{"ready":true,"kubeconfig":"...","server":"https://127.0.0.1:PORT","auditLog":"...",
//	 "adminContext":"testbed-admin","readonlyContext":"testbed-readonly",...}
//
// Everything else goes to stderr (short) or to <state-dir>/testbed.log (klog,
// etcd, ...). SIGINT/SIGTERM stop it and it exits 0.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"embed"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"
	etcdembed "go.etcd.io/etcd/server/v3/embed"
	"golang.org/x/sys/unix"
	"google.golang.org/grpc/grpclog"
	rbacv1 "k8s.io/api/rbac/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/server/flagz"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/klog/v2"
	apiserverapp "k8s.io/kubernetes/cmd/kube-apiserver/app"
	apiserveroptions "k8s.io/kubernetes/cmd/kube-apiserver/app/options"
	kcmapp "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	kcmoptions "k8s.io/kubernetes/cmd/kube-controller-manager/app/options"
	"sigs.k8s.io/yaml"
)

//go:embed crds/*.yaml
var crdFS embed.FS

const (
	clusterName     = "cub-scout-testbed"
	adminContext    = "testbed-admin"
	readonlyContext = "testbed-readonly"
	adminUser       = "cub-scout-admin"
	readonlyUser    = "cub-scout-readonly"
	readonlyRole    = "cub-scout-readonly"
)

type readyInfo struct {
	Ready           bool   `json:"ready"`
	Kubeconfig      string `json:"kubeconfig"`
	Server          string `json:"server"`
	AuditLog        string `json:"auditLog"`
	AdminContext    string `json:"adminContext"`
	ReadonlyContext string `json:"readonlyContext"`
	AdminToken      string `json:"adminToken"`
	ReadonlyToken   string `json:"readonlyToken"`
	ReadonlyUser    string `json:"readonlyUser"`
	StateDir        string `json:"stateDir"`
	LogFile         string `json:"logFile"`
	ControllerMgr   bool   `json:"controllerManager"`
	Helm            string `json:"helm,omitempty"`
	PID             int    `json:"pid"`
	StartupMillis   int64  `json:"startupMillis"`
}

var stderr = log.New(os.Stderr, "testbed: ", log.Ltime|log.Lmicroseconds)

func main() {
	os.Exit(run())
}

func run() int {
	start := time.Now()
	// Own flag set: the global one is full of flags registered by imported
	// kubernetes packages (cadvisor, ...).
	flag := flag.NewFlagSet("testbed", flag.ExitOnError)
	var (
		stateDir       = flag.String("state-dir", "", "directory for etcd data, certs, audit log and logs (default: a new temp dir, removed on exit)")
		kubeconfigOut  = flag.String("kubeconfig-out", "", "where to write the kubeconfig (default: <state-dir>/kubeconfig)")
		readyFile      = flag.String("ready-file", "", "also write the ready JSON line to this file (atomically)")
		port           = flag.Int("port", 0, "API server port on 127.0.0.1 (0: pick a free port)")
		adminToken     = flag.String("admin-token", "cub-scout-testbed-admin-token", "static bearer token of the admin user (group system:masters)")
		readonlyToken  = flag.String("readonly-token", "cub-scout-testbed-readonly-token", "static bearer token of user "+readonlyUser)
		noKCM          = flag.Bool("no-controller-manager", false, "do not run kube-controller-manager controllers")
		keepState      = flag.Bool("keep-state", false, "do not remove the temp state dir on exit (only matters without --state-dir)")
		exitWithParent = flag.Bool("exit-with-parent", false, "get SIGTERM when the parent process dies (Linux PR_SET_PDEATHSIG)")
		readyTimeout   = flag.Duration("ready-timeout", 120*time.Second, "give up if not ready after this long")
	)
	_ = flag.Parse(os.Args[1:])

	if *exitWithParent {
		if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0, 0, 0); err != nil {
			stderr.Printf("warning: PR_SET_PDEATHSIG: %v", err)
		}
		if os.Getppid() == 1 {
			stderr.Printf("parent already gone, exiting")
			return 1
		}
	}

	// Signals first, so that nothing else (apiserver's SetupSignalContext) owns them.
	sigCh := make(chan os.Signal, 2)
	signal.Notify(sigCh, syscall.SIGINT, syscall.SIGTERM)

	removeState := false
	if *stateDir == "" {
		d, err := os.MkdirTemp("", "cub-scout-testbed-")
		if err != nil {
			stderr.Printf("error: %v", err)
			return 1
		}
		*stateDir = d
		removeState = !*keepState
	}
	dir, err := filepath.Abs(*stateDir)
	if err != nil {
		stderr.Printf("error: %v", err)
		return 1
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		stderr.Printf("error: %v", err)
		return 1
	}
	if *kubeconfigOut == "" {
		*kubeconfigOut = filepath.Join(dir, "kubeconfig")
	}
	kubeconfigPath, _ := filepath.Abs(*kubeconfigOut)
	logPath := filepath.Join(dir, "testbed.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		stderr.Printf("error: %v", err)
		return 1
	}
	quietLogs(logFile)
	stderr.Printf("state dir %s (log: %s)", dir, logPath)

	ctx, cancel := context.WithCancel(context.Background())
	tb := &testbed{dir: dir, logFile: logFile, adminToken: *adminToken, readonlyToken: *readonlyToken, fatal: make(chan error, 4)}

	failed := func() {
		if removeState {
			removeState = false
			stderr.Printf("keeping %s for inspection", dir)
		}
	}
	cleanup := func() {
		cancel()
		tb.stop()
		logFile.Close()
		if removeState {
			os.RemoveAll(dir)
		}
	}

	type result struct {
		info *readyInfo
		err  error
	}
	readyCh := make(chan result, 1)
	go func() {
		info, err := tb.start(ctx, *port, !*noKCM, kubeconfigPath)
		readyCh <- result{info, err}
	}()

	timeout := time.NewTimer(*readyTimeout)
	var info *readyInfo
	select {
	case r := <-readyCh:
		if r.err != nil {
			stderr.Printf("error: %v (see %s)", r.err, logPath)
			failed()
			cleanup()
			return 1
		}
		info = r.info
	case err := <-tb.fatal:
		stderr.Printf("error: %v (see %s)", err, logPath)
		failed()
		cleanup()
		return 1
	case s := <-sigCh:
		stderr.Printf("got %v before ready, stopping", s)
		go secondSignal(sigCh)
		cleanup()
		return 0
	case <-timeout.C:
		stderr.Printf("error: not ready after %v (see %s)", *readyTimeout, logPath)
		failed()
		cleanup()
		return 1
	}
	timeout.Stop()

	if exe, err := os.Executable(); err == nil {
		if h := filepath.Join(filepath.Dir(exe), "helm"); fileExists(h) {
			info.Helm = h
		}
	}
	info.StartupMillis = time.Since(start).Milliseconds()
	line, _ := json.Marshal(info)
	if *readyFile != "" {
		if err := writeFileAtomic(*readyFile, append(line, '\n'), 0o600); err != nil {
			stderr.Printf("error: writing ready file: %v", err)
			cleanup()
			return 1
		}
	}
	os.Stdout.Write(append(line, '\n'))
	stderr.Printf("ready in %v: %s", time.Since(start).Round(time.Millisecond), info.Server)

	select {
	case s := <-sigCh:
		stderr.Printf("got %v, stopping", s)
	case err := <-tb.fatal:
		stderr.Printf("error: %v (see %s)", err, logPath)
		go secondSignal(sigCh)
		cleanup()
		return 1
	}
	go secondSignal(sigCh)
	t0 := time.Now()
	cleanup()
	if *readyFile != "" {
		os.Remove(*readyFile)
	}
	stderr.Printf("stopped in %v", time.Since(t0).Round(time.Millisecond))
	return 0
}

func secondSignal(ch chan os.Signal) {
	s := <-ch
	stderr.Printf("got %v again, exiting immediately", s)
	os.Exit(0)
}

// quietLogs sends klog, the standard logger and grpc logging to the log file.
func quietLogs(w io.Writer) {
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	for k, v := range map[string]string{
		"logtostderr":     "false",
		"alsologtostderr": "false",
		"stderrthreshold": "FATAL",
		"one_output":      "true",
		"v":               "0",
	} {
		_ = fs.Set(k, v)
	}
	_ = fs.Set("legacy_stderr_threshold_behavior", "false")
	klog.SetOutput(w)
	log.SetOutput(w)
	grpclog.SetLoggerV2(grpclog.NewLoggerV2(io.Discard, io.Discard, w))
}

type testbed struct {
	dir           string
	logFile       *os.File
	adminToken    string
	readonlyToken string

	fatal chan error // unexpected exit of a component after start

	etcd       *etcdembed.Etcd
	apiDone    chan struct{}
	kcmDone    chan struct{}
	kcmRunning bool
}

func (tb *testbed) start(ctx context.Context, port int, withKCM bool, kubeconfigPath string) (*readyInfo, error) {
	t0 := time.Now()
	etcdURL, err := tb.startEtcd()
	if err != nil {
		return nil, fmt.Errorf("etcd: %w", err)
	}
	stderr.Printf("etcd ready at %s (%v)", etcdURL, time.Since(t0).Round(time.Millisecond))

	files, err := tb.writeAPIServerFiles()
	if err != nil {
		return nil, err
	}

	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	port = ln.Addr().(*net.TCPAddr).Port
	server := fmt.Sprintf("https://127.0.0.1:%d", port)

	if err := tb.startAPIServer(ctx, ln, port, etcdURL, files); err != nil {
		return nil, fmt.Errorf("kube-apiserver: %w", err)
	}
	if err := waitReadyz(ctx, server, tb.adminToken, tb.fatal); err != nil {
		return nil, err
	}
	stderr.Printf("kube-apiserver ready at %s (%v)", server, time.Since(t0).Round(time.Millisecond))

	caData, err := os.ReadFile(filepath.Join(files.certDir, "apiserver.crt"))
	if err != nil {
		return nil, fmt.Errorf("reading serving cert: %w", err)
	}
	if err := writeKubeconfig(kubeconfigPath, server, caData, tb.adminToken, tb.readonlyToken); err != nil {
		return nil, err
	}
	cfg := &rest.Config{
		Host:            server,
		BearerToken:     tb.adminToken,
		TLSClientConfig: rest.TLSClientConfig{CAData: caData},
		QPS:             100,
		Burst:           200,
	}

	if withKCM {
		adminKubeconfig := filepath.Join(tb.dir, "admin.kubeconfig")
		if err := writeKubeconfig(adminKubeconfig, server, caData, tb.adminToken, tb.readonlyToken); err != nil {
			return nil, err
		}
		if err := tb.startControllerManager(ctx, adminKubeconfig, files); err != nil {
			// Not fatal: the API server is still useful without controllers.
			stderr.Printf("warning: kube-controller-manager not started: %v", err)
		}
	}

	if err := setupCluster(ctx, cfg); err != nil {
		return nil, err
	}
	stderr.Printf("RBAC and CRDs installed (%v)", time.Since(t0).Round(time.Millisecond))

	if tb.kcmRunning {
		// The serviceaccount controller creates "default" in each namespace;
		// pods can't be created before it exists.
		if err := waitDefaultServiceAccount(ctx, cfg, 20*time.Second); err != nil {
			stderr.Printf("warning: default ServiceAccount not created yet: %v", err)
		}
	}

	return &readyInfo{
		Ready:           true,
		Kubeconfig:      kubeconfigPath,
		Server:          server,
		AuditLog:        files.auditLog,
		AdminContext:    adminContext,
		ReadonlyContext: readonlyContext,
		AdminToken:      tb.adminToken,
		ReadonlyToken:   tb.readonlyToken,
		ReadonlyUser:    readonlyUser,
		StateDir:        tb.dir,
		LogFile:         tb.logFile.Name(),
		ControllerMgr:   tb.kcmRunning,
		PID:             os.Getpid(),
	}, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (tb *testbed) startEtcd() (string, error) {
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		cp, err := freePort()
		if err != nil {
			return "", err
		}
		pp, err := freePort()
		if err != nil {
			return "", err
		}
		if cp == pp {
			continue
		}
		curl, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", cp))
		purl, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", pp))

		cfg := etcdembed.NewConfig()
		cfg.Name = "testbed"
		cfg.Dir = filepath.Join(tb.dir, "etcd")
		cfg.ListenClientUrls = []url.URL{*curl}
		cfg.AdvertiseClientUrls = []url.URL{*curl}
		cfg.ListenPeerUrls = []url.URL{*purl}
		cfg.AdvertisePeerUrls = []url.URL{*purl}
		cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
		cfg.Logger = "zap"
		cfg.LogLevel = "warn"
		cfg.LogOutputs = []string{filepath.Join(tb.dir, "etcd.log")}
		cfg.UnsafeNoFsync = true

		e, err := etcdembed.StartEtcd(cfg)
		if err != nil {
			lastErr = err
			if strings.Contains(err.Error(), "address already in use") {
				continue
			}
			return "", err
		}
		select {
		case <-e.Server.ReadyNotify():
		case err := <-e.Err():
			e.Close()
			return "", err
		case <-time.After(60 * time.Second):
			e.Close()
			return "", errors.New("etcd not ready after 60s")
		}
		tb.etcd = e
		go func() {
			if err, ok := <-e.Err(); ok && err != nil {
				tb.fatal <- fmt.Errorf("etcd: %w", err)
			}
		}()
		return curl.String(), nil
	}
	return "", lastErr
}

type apiFiles struct {
	certDir     string
	tokenFile   string
	auditPolicy string
	auditLog    string
	saKey       string
}

func (tb *testbed) writeAPIServerFiles() (*apiFiles, error) {
	f := &apiFiles{
		certDir:     filepath.Join(tb.dir, "certs"),
		tokenFile:   filepath.Join(tb.dir, "tokens.csv"),
		auditPolicy: filepath.Join(tb.dir, "audit-policy.yaml"),
		auditLog:    filepath.Join(tb.dir, "audit.log"),
		saKey:       filepath.Join(tb.dir, "sa.key"),
	}
	if err := os.MkdirAll(f.certDir, 0o700); err != nil {
		return nil, err
	}
	tokens := fmt.Sprintf("%s,%s,%s,\"system:masters\"\n%s,%s,%s\n",
		tb.adminToken, adminUser, adminUser,
		tb.readonlyToken, readonlyUser, readonlyUser)
	if err := os.WriteFile(f.tokenFile, []byte(tokens), 0o600); err != nil {
		return nil, err
	}
	policy := `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: Metadata
`
	if err := os.WriteFile(f.auditPolicy, []byte(policy), 0o600); err != nil {
		return nil, err
	}
	if _, err := os.Stat(f.saKey); err != nil {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		der, err := x509.MarshalECPrivateKey(key)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(f.saKey, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func (tb *testbed) startAPIServer(ctx context.Context, ln net.Listener, port int, etcdURL string, f *apiFiles) error {
	args := []string{
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--cert-dir=" + f.certDir,
		"--etcd-servers=" + etcdURL,
		"--token-auth-file=" + f.tokenFile,
		"--authorization-mode=Node,RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + f.saKey,
		"--service-account-signing-key-file=" + f.saKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		"--audit-policy-file=" + f.auditPolicy,
		"--audit-log-path=" + f.auditLog,
		"--audit-log-mode=blocking",
		"--audit-log-maxbackup=0",
		"--enable-priority-and-fairness=false",
		"--profiling=false",
		"--allow-privileged=true",
		"--endpoint-reconciler-type=none",
	}
	s := apiserveroptions.NewServerRunOptions()
	fset := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	nfs := s.Flags()
	for _, fs := range nfs.FlagSets {
		fset.AddFlagSet(fs)
	}
	if err := fset.Parse(args); err != nil {
		return err
	}
	s.Flagz = flagz.NamedFlagSetsReader{FlagSets: nfs}
	if err := s.GenericServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return err
	}
	rest.SetDefaultWarningHandler(rest.NoWarnings{})
	s.SecureServing.Listener = ln
	s.SecureServing.BindPort = port

	completed, err := s.Complete(ctx)
	if err != nil {
		return err
	}
	if errs := completed.Validate(); len(errs) != 0 {
		return errors.Join(errs...)
	}
	tb.apiDone = make(chan struct{})
	go func() {
		defer close(tb.apiDone)
		err := apiserverapp.Run(ctx, completed)
		if ctx.Err() == nil {
			tb.fatal <- fmt.Errorf("kube-apiserver exited: %v", err)
		}
	}()
	return nil
}

func (tb *testbed) startControllerManager(ctx context.Context, kubeconfig string, f *apiFiles) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	args := []string{
		"--kubeconfig=" + kubeconfig,
		"--controllers=deployment,replicaset,garbagecollector,serviceaccount,serviceaccount-token,namespace",
		"--use-service-account-credentials=false",
		"--leader-elect=false",
		"--secure-port=0",
		"--service-account-private-key-file=" + f.saKey,
		"--root-ca-file=" + filepath.Join(f.certDir, "apiserver.crt"),
		"--cluster-cidr=10.244.0.0/16",
		"--service-cluster-ip-range=10.96.0.0/16",
	}
	s, err := kcmoptions.NewKubeControllerManagerOptions()
	if err != nil {
		return err
	}
	all, disabled, aliases := kcmapp.KnownControllers(), kcmapp.ControllersDisabledByDefault(), kcmapp.ControllerAliases()
	nfs := s.Flags(all, disabled, aliases)
	fset := pflag.NewFlagSet("kube-controller-manager", pflag.ContinueOnError)
	for _, fs := range nfs.FlagSets {
		fset.AddFlagSet(fs)
	}
	if err := fset.Parse(args); err != nil {
		return err
	}
	s.ParsedFlags = &nfs
	if err := s.ComponentGlobalsRegistry.Set(); err != nil {
		return err
	}
	c, err := s.Config(ctx, all, disabled, aliases)
	if err != nil {
		return err
	}
	tb.kcmDone = make(chan struct{})
	tb.kcmRunning = true
	go func() {
		defer close(tb.kcmDone)
		defer func() {
			if r := recover(); r != nil {
				stderr.Printf("warning: kube-controller-manager panicked: %v", r)
			}
		}()
		err := kcmapp.Run(ctx, c.Complete())
		if ctx.Err() == nil {
			stderr.Printf("warning: kube-controller-manager exited: %v", err)
		}
	}()
	return nil
}

// stop waits a little for the API server and controllers to wind down after
// the context was cancelled, then closes etcd. It never blocks for long.
func (tb *testbed) stop() {
	wait := func(ch chan struct{}, d time.Duration) {
		if ch == nil {
			return
		}
		select {
		case <-ch:
		case <-time.After(d):
		}
	}
	wait(tb.kcmDone, 2*time.Second)
	wait(tb.apiDone, 4*time.Second)
	if tb.etcd != nil {
		done := make(chan struct{})
		go func() { tb.etcd.Close(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
		}
	}
}

func waitReadyz(ctx context.Context, server, token string, fatal chan error) error {
	client := &http.Client{
		Timeout:   2 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
	}
	var last string
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-fatal:
			return err
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, server+"/readyz", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Sprintf("HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(body)))
		} else {
			last = err.Error()
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("kube-apiserver /readyz not ok after 90s: %s", last)
}

func writeKubeconfig(p, server string, caData []byte, adminToken, readonlyToken string) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[clusterName] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: caData}
	cfg.AuthInfos["admin"] = &clientcmdapi.AuthInfo{Token: adminToken}
	cfg.AuthInfos["readonly"] = &clientcmdapi.AuthInfo{Token: readonlyToken}
	cfg.Contexts[adminContext] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: "admin", Namespace: "default"}
	cfg.Contexts[readonlyContext] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: "readonly", Namespace: "default"}
	cfg.CurrentContext = adminContext
	data, err := clientcmd.Write(*cfg)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return writeFileAtomic(p, data, 0o600)
}

func writeFileAtomic(p string, data []byte, mode os.FileMode) error {
	tmp := p + ".tmp-" + strconv.Itoa(os.Getpid())
	if err := os.WriteFile(tmp, data, mode); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// setupCluster creates the read-only ClusterRole/Binding and the CRDs, and
// waits until every CRD is Established.
func setupCluster(ctx context.Context, cfg *rest.Config) error {
	kc, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	role := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: readonlyRole, Labels: map[string]string{"app.kubernetes.io/part-of": "cub-scout-testbed"}},
		Rules: []rbacv1.PolicyRule{{
			APIGroups: []string{"*"},
			Resources: []string{"*"},
			Verbs:     []string{"get", "list", "watch"},
		}},
	}
	if _, err := kc.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("create ClusterRole: %w", err)
	}
	binding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: readonlyRole, Labels: map[string]string{"app.kubernetes.io/part-of": "cub-scout-testbed"}},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: readonlyRole},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: readonlyUser}},
	}
	if _, err := kc.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("create ClusterRoleBinding: %w", err)
	}

	crds, err := loadCRDs()
	if err != nil {
		return err
	}
	ac, err := apiextensionsclient.NewForConfig(cfg)
	if err != nil {
		return err
	}
	for _, crd := range crds {
		_, err := ac.ApiextensionsV1().CustomResourceDefinitions().Create(ctx, crd, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			// Reused state dir: bring it up to date with the embedded YAML.
			cur, gerr := ac.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, crd.Name, metav1.GetOptions{})
			if gerr != nil {
				return gerr
			}
			crd.ResourceVersion = cur.ResourceVersion
			_, err = ac.ApiextensionsV1().CustomResourceDefinitions().Update(ctx, crd, metav1.UpdateOptions{})
		}
		if err != nil {
			return fmt.Errorf("CRD %s: %w", crd.Name, err)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, crd := range crds {
		for {
			cur, err := ac.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, crd.Name, metav1.GetOptions{})
			if err != nil {
				return err
			}
			if crdEstablished(cur) {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("CRD %s not Established after 30s", crd.Name)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// Discovery must list the new resources too (kubectl/helm use it).
	for {
		if err := discoveryHasCRDs(kc, crds); err == nil {
			break
		} else if time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil
}

func crdEstablished(crd *apiextensionsv1.CustomResourceDefinition) bool {
	established, namesAccepted := false, false
	for _, c := range crd.Status.Conditions {
		if c.Type == apiextensionsv1.Established && c.Status == apiextensionsv1.ConditionTrue {
			established = true
		}
		if c.Type == apiextensionsv1.NamesAccepted && c.Status == apiextensionsv1.ConditionTrue {
			namesAccepted = true
		}
	}
	return established && namesAccepted
}

func discoveryHasCRDs(kc kubernetes.Interface, crds []*apiextensionsv1.CustomResourceDefinition) error {
	for _, crd := range crds {
		for _, v := range crd.Spec.Versions {
			if !v.Served {
				continue
			}
			gv := crd.Spec.Group + "/" + v.Name
			list, err := kc.Discovery().ServerResourcesForGroupVersion(gv)
			if err != nil {
				return fmt.Errorf("discovery %s: %w", gv, err)
			}
			found := false
			for _, r := range list.APIResources {
				if r.Name == crd.Spec.Names.Plural {
					found = true
				}
			}
			if !found {
				return fmt.Errorf("discovery %s: %s not listed yet", gv, crd.Spec.Names.Plural)
			}
		}
	}
	return nil
}

func loadCRDs() ([]*apiextensionsv1.CustomResourceDefinition, error) {
	var names []string
	err := fs.WalkDir(crdFS, "crds", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".yaml" {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []*apiextensionsv1.CustomResourceDefinition
	for _, n := range names {
		data, err := crdFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		for _, doc := range splitYAML(string(data)) {
			crd := &apiextensionsv1.CustomResourceDefinition{}
			if err := yaml.UnmarshalStrict([]byte(doc), crd); err != nil {
				return nil, fmt.Errorf("%s: %w", n, err)
			}
			if crd.Kind != "CustomResourceDefinition" {
				return nil, fmt.Errorf("%s: not a CustomResourceDefinition: %q", n, crd.Kind)
			}
			out = append(out, crd)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no CRDs embedded")
	}
	return out, nil
}

func splitYAML(s string) []string {
	var docs []string
	for _, d := range strings.Split("\n"+s, "\n---") {
		if strings.TrimSpace(stripComments(d)) != "" {
			docs = append(docs, d)
		}
	}
	return docs
}

func stripComments(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l)
			b.WriteString("\n")
		}
	}
	return b.String()
}

func waitDefaultServiceAccount(ctx context.Context, cfg *rest.Config, d time.Duration) error {
	kc, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(d)
	for {
		_, err := kc.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{})
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
