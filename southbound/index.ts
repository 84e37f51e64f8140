/** The southbound: per-host diff streams from the goal states, their encoding, and the one way to apply them. */
export { HostStreams, type DiffRecorder, type EncodedDiff, type Digests, type HostStreamsState } from './host-streams.js';
export { applyDiff, emptyHostState, hostStateOf, type Gap, type HostState } from './apply-diff.js';
export { Watchers, type WatchersOptions } from './watchers.js';
export { checksumOf, encodedGoalStateOf, encodeLine, encodeOps, overallDigest, type Diff, type Heartbeat, type Snapshot, type WatchLine, type EncodedGoalState } from './wire.js';
export { AgentReport, ReportAnswer } from './agent-report.js';
export { GoalStateDocumentCodec } from './wire-codec.js';
export { HostReports, type HostReport, type ChecksumState } from './host-reports.js';
export { PortArrivals } from './port-arrivals.js';
export { TouchedHosts } from './touched-hosts.js';
