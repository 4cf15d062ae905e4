export * from "./names";
export { renderContext, UnsafeDialplanError, type Context, type Extension, type Step } from "./render";
export {
  ARM_CALLEE,
  ARM_SELF,
  ATXFER_MARGIN_SECONDS,
  TRANSFER_CODE_DIGITS,
  atxferNoAnswerTimeoutSeconds,
  HANDOFF_DEFAULTS,
  HandoffDialplanInputError,
  handoffContexts,
  handoffGlobals,
  outsideNumberSteps,
  type HandoffDialplanInput,
  type HandoffQueue,
  type HandoffSettings,
} from "./handoff-contexts";
export {
  checkNumber,
  DEFAULT_DIAL_POLICY,
  DIAL_RULES,
  DialPolicyError,
  dialPolicyFromEnv,
  dialPolicySteps,
  validateDialPolicy,
  type BlockedRange,
  type DialPolicy,
  type DialRule,
  type NumberCheck,
} from "./dial-policy";
export { SIP_AUTHS, SIP_AUTHS_DDL, SIP_REALTIME_AOR_COLUMNS, SIP_REALTIME_ENDPOINT_COLUMNS, SIP_REALTIME_OBJECTS, SIP_REALTIME_OBJECTS_DDL } from "./sip-auths";
export { VISITOR_BOT_EXTENSION, VISITOR_CONTEXTS, VISITOR_EVENTS, VISITOR_GLOBALS, VISITOR_TONE_DEFAULTS, visitorContexts, visitorGlobals, visitorLineNames } from "./visitor-contexts";
export { FORBIDDEN_SERVER_WRITE_CLASSES, SERVER_AMI_USER, SERVER_READ_CLASSES, SERVER_WRITE_CLASSES } from "./manager-user";
export { ATXFER_CONTROL_CODES, handoffFeatureSettings, type FeatureSetting } from "./features";
export { EXPORT_ATXFER_CODE, EXPORT_FILES, exportFiles, FLAVORS, includeLines, type ExportOptions, type Flavor } from "./export/files";
export { freepbxCollision, FREEPBX_CONTEXTS, FREEPBX_PREFIXES, HANDOFF_PREFIX } from "./export/freepbx-names";
export { renderHandoffDialplan, renderHandoffGlobals } from "./export/product-dialplan";
export { parseSite, siteDialplan, SiteError, type Site } from "./export/site";
export { WEBRTC_ENDPOINT_SETTINGS, WEBRTC_TEMPLATE } from "./export/webrtc-endpoint";
export { DEFAULT_TRUNK_PORT, DEFAULT_TRUNK_PREFIX, parseTrunks, remoteExten, renderTrunkPjsip, TRUNK_INBOUND_CONTEXT, TRUNK_TRANSPORTS, TrunkConfigError, trunksFromEnv, type Trunk, type TrunkTransport } from "./trunks";
export { MONITOR_CONTEXTS, MONITOR_END, MONITOR_EVENTS, MONITOR_EXTENSION, MONITOR_GLOBALS, MONITOR_MODES, MONITOR_REFUSED, MONITOR_VARS, MONITOR_WAIT_SECONDS, monitorGlobals, monitoringContexts, type MonitorMode } from "./monitoring-contexts";
export { CONFERENCE_CONTEXT, CONFERENCE_MAX_PARTICIPANTS, CONFERENCE_ROOM, conferenceBridgeName, conferenceContext } from "./conference-context";
