// The live suite, against the real kube-apiserver of the test bed (test/cluster, started by
// test/setup/testbed.ts). One file, so that its parts run in order on the one shared cluster and
// the audit check runs last. Without a test bed every test here fails with the reason.
import { mcpLiveSuite } from '../mcp/live-suite.js';
import { accessSuite } from './suite-access.js';
import { auditSuite } from './suite-audit.js';
import { canarySuite } from './suite-canary.js';
import { drilldownSuite } from './suite-drilldowns.js';
import { helmSuite } from './suite-helm.js';
import { scenarioSuites } from './suite-scenarios.js';
import { targetedSuite } from './suite-targeted.js';

scenarioSuites();
helmSuite();
accessSuite();
targetedSuite();
canarySuite();
drilldownSuite();
mcpLiveSuite();
auditSuite();
