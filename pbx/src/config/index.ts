import { renderAsteriskConf } from "./asterisk";
import { renderCliConf } from "./cli";
import { renderConfBridgeConf } from "./confbridge";
import { renderCoreDefaults } from "./core-defaults";
import { renderExtensionsConf } from "./extensions";
import { renderFeaturesConf } from "./features";
import { renderHttpConf } from "./http";
import { TLS_FILES, type PbxConfigInput } from "./input";
import { renderLoggerConf } from "./logger";
import { renderManagerConf } from "./manager";
import { renderModulesConf } from "./modules";
import { renderMusicOnHoldConf } from "./musiconhold";
import { renderPjsipConf } from "./pjsip";
import { labTrunk } from "./lab-trunk";
import { renderQueuesConf } from "./queues";
import { renderRealtimeConfs } from "./realtime";
import { renderRtpConf } from "./rtp";

/** The whole /etc/asterisk, file name to content. Nothing else belongs there. */
export type AsteriskConfig = Readonly<Record<string, string>>;

export function renderAsteriskConfig(input: PbxConfigInput): AsteriskConfig {
  return {
    "asterisk.conf": renderAsteriskConf(),
    "modules.conf": renderModulesConf(),
    "logger.conf": renderLoggerConf(),
    "http.conf": renderHttpConf(),
    [TLS_FILES.cert]: input.tls.cert,
    [TLS_FILES.key]: input.tls.key,
    "manager.conf": renderManagerConf(input.secrets),
    "pjsip.conf": renderPjsipConf(input.demo, [labTrunk(input.secrets.trunkSecret)]),
    ...renderRealtimeConfs(),
    "rtp.conf": renderRtpConf(input.host),
    "extensions.conf": renderExtensionsConf(input.demo, input.settings),
    "queues.conf": renderQueuesConf(input.demo),
    "cli.conf": renderCliConf(input.demo),
    "features.conf": renderFeaturesConf(input.settings),
    "musiconhold.conf": renderMusicOnHoldConf(),
    "confbridge.conf": renderConfBridgeConf(),
    ...renderCoreDefaults(),
  };
}
