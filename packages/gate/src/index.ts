// @nubo/gate: Zuul-compatible configuration (tenants, .zuul.yaml), the layout, and frozen job graphs.

export { buildLogUrl, buildPageUrl, consolePageUrl, GATE_PREFIX, type GateApiDeps } from './api/deps.js';
export { GATE_VERSION, registerGateApi } from './api/gate-api.js';
// The scheduler side: managers, merger, triggers, reporters, queue state, the fake executor and the service.
export type { BuildRecord, BuildsetRecord, BuildsRecorder } from './builds/builds-recorder.js';
export { MemoryBuildsRecorder } from './builds/memory-builds-recorder.js';
export { buildLayout, NOOP_JOB } from './config/build-layout.js';
export { parseConfigFile } from './config/config-file-parser.js';
export { CONFIG_ROOTS, type ConfigFileSelection, type RepoFiles, selectConfigFiles } from './config/config-files.js';
export type { ConfigParser } from './config/config-parser.js';
export { jobParser } from './config/job-parser.js';
export {
  type ChangedFiles,
  errorsCausedBy,
  loadLayout,
  parseTenantConfig,
  type TenantFileResult,
} from './config/load-layout.js';
export {
  type LoadedConfig,
  type LoadOptions,
  loadTenantConfig,
  type ProjectRepo,
  type TenantRepos,
} from './config/load-tenant-config.js';
export { nodesetParser } from './config/nodeset-parser.js';
export { newParseContext, type ParseContext, type TenantView } from './config/parse-context.js';
export { pipelineParser } from './config/pipeline-parser.js';
export { pragmaParser } from './config/pragma-parser.js';
export { projectParser } from './config/project-parser.js';
export { projectTemplateParser } from './config/project-template-parser.js';
export { queueParser } from './config/queue-parser.js';
export { Reporter } from './config/reporter.js';
export { secretParser } from './config/secret-parser.js';
export { semaphoreParser } from './config/semaphore-parser.js';
export { tenantParser } from './config/tenant-parser.js';
export { loadYaml, ZUUL_TAGS } from './config/yaml-loader.js';
export type { YamlEntry, YamlMapNode, YamlNode, YamlScalarNode, YamlSeqNode } from './config/yaml-node.js';
export { gateSection } from './config.js';
export { estimatedDurations } from './db/builds.js';
export { createBuildsRecorder, migrateGateBuilds } from './db/builds-recorder.js';
export type { GateDb } from './db/tables.js';
export { AnsibleExecutor, type AnsibleExecutorOptions } from './executor/ansible-executor.js';
export type { BuildOutcome, BuildRequest, BuildResult, Executor } from './executor/executor.js';
export { type FakeDecision, FakeExecutor, type FakeRule, resultFileRule } from './executor/fake-executor.js';
export { benchGateConfigLoad, type GateConfigLoadBench } from './freeze/bench-gate-config-load.js';
export { deepMerge } from './freeze/deep-merge.js';
export { COMMIT_MSG, matchesFiles } from './freeze/file-match.js';
export { type FreezeRequest, freezeJobGraph } from './freeze/freeze-job-graph.js';
export { ChangeQueue, grownWindow, shrunkWindow } from './manager/change-queue.js';
export { PipelineManager as PipelineQueueManager } from './manager/pipeline-manager.js';
export { QueueItem } from './manager/queue-item.js';
export {
  type ChangeToMerge,
  GitMerger,
  type MergeOutcome,
  type Merger,
  type RepoCommit,
  type RepoStateMap,
  repoKey,
} from './merger/merger.js';
export type { BranchMatcher, RegexMatcher } from './model/change-matcher.js';
export { type ConfigError, type ConfigErrorSeverity, formatConfigError } from './model/config-error.js';
export type { ConfigMap, ConfigScalar, ConfigValue } from './model/config-value.js';
export { EncryptedValue } from './model/encrypted-value.js';
export type {
  FrozenDependency,
  FrozenJob,
  FrozenJobProject,
  FrozenNodeset,
  FrozenPlaybook,
  FrozenSecretUse,
} from './model/frozen-job.js';
export type {
  FinalizableAttribute,
  Job,
  JobDependency,
  JobIncludeVars,
  JobProject,
  JobSemaphore,
  Overridable,
  Playbook,
  Role,
  SecretUse,
} from './model/job.js';
export type { FreezeResult, JobGraph } from './model/job-graph.js';
export type { Layout } from './model/layout.js';
export type { Nodeset, NodesetGroup, NodesetNode } from './model/nodeset.js';
export { type OverrideControl, OverrideValue } from './model/override-value.js';
export { emptyParsedConfig, type ParsedConfig } from './model/parsed-config.js';
export type {
  Pipeline,
  PipelineManager,
  PipelineMessages,
  PipelinePrecedence,
  PipelineReporter,
  PipelineRequirement,
  PipelineTrigger,
  PipelineWindow,
  ReporterAction,
  WindowChangeType,
} from './model/pipeline.js';
export type { Pragma } from './model/pragma.js';
export type { MergeMode, ProjectConfig, ProjectMetadata } from './model/project.js';
export type { ProjectPipelineConfig } from './model/project-pipeline.js';
export type { ProjectTemplate } from './model/project-template.js';
export type { Queue } from './model/queue.js';
export type { Secret } from './model/secret.js';
export type { Semaphore } from './model/semaphore.js';
export type { SourceContext } from './model/source-context.js';
export type { SourcePosition } from './model/source-position.js';
export { CONFIG_ITEM_TYPES, type ConfigItemType, type Tenant, type TenantProject } from './model/tenant.js';
export { UnsafeValue } from './model/unsafe-value.js';
export { LocalNodeProvider, type LocalNodeProviderOptions } from './nodes/local-node-provider.js';
export { type NodeAllocation, NodeFailure, type NodeProvider, type ProvidedNode } from './nodes/node-provider.js';
export { createGateService, type GateService } from './plugin.js';
export {
  changeId,
  type GateChange,
  type ReviewConnection,
  type ReviewEvent,
  SubmitError,
} from './scheduler/gate-change.js';
export type { GateControl, ItemSelector } from './scheduler/gate-control.js';
export { GateScheduler } from './scheduler/gate-scheduler.js';
export { MemoryReview } from './scheduler/memory-review.js';
export { readTenantRepos } from './scheduler/repo-reader.js';
export { ReviewHttpConnection } from './scheduler/review-http-connection.js';
export { type SchedulerDeps, silentLog } from './scheduler/scheduler-deps.js';
export {
  TEST_PIPELINES,
  TEST_PIPELINES_LOCAL_NODE,
  TEST_PROJECT_CONFIG,
  TEST_UNIT_PROJECT_CONFIG,
  testTenantFile,
} from './scheduler/test-tenant.js';
export { DbQueueStore, migrateGateQueue } from './state/db-queue-store.js';
export { MemoryQueueStore, type PipelineSnapshot, type QueueStore } from './state/queue-store.js';
