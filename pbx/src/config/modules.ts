import { renderConf } from "./conf-file";

/**
 * Modules that, on Asterisk 22.10.1 from Debian sid, only log errors here: each needs a config file,
 * a service or hardware this PBX does not have. Found in messages.log of a fresh start; check it again
 * after adding a feature. Autoload stays on, so what the generated config uses is never forgotten.
 */
export const NOLOAD_MODULES: readonly string[] = [
  // Voicemail and paging: no mailboxes here. The ODBC variant clashes with the plain one.
  "app_voicemail", "app_voicemail_odbc", "app_minivm", "res_pjsip_send_to_voicemail",
  // CDR/CEL backends: call records are off (cdr.conf), and none of these databases exist.
  "cdr_adaptive_odbc", "cdr_csv", "cdr_custom", "cdr_manager", "cdr_odbc", "cdr_pgsql", "cdr_radius", "cdr_sqlite3_custom", "cdr_tds",
  "cel_custom", "cel_manager", "cel_odbc", "cel_pgsql", "cel_radius", "cel_sqlite3_custom", "cel_tds", "res_cdrel_custom",
  // Realtime and databases (res_config_sqlite3 stays: PJSIP auths are realtime, see realtime.ts).
  "res_config_ldap", "res_config_odbc", "res_config_pgsql", "res_odbc", "res_odbc_transaction", "func_odbc",
  // Channel drivers and protocols other than PJSIP over WebSocket.
  "chan_iax2", "chan_unistim", "chan_console", "chan_motif", "res_xmpp", "chan_websocket", "res_websocket_client", "pbx_dundi",
  // Dialplan languages other than extensions.conf.
  "pbx_ael", "pbx_lua",
  // ARI and Stasis: the server drives calls over AMI only.
  "res_ari", "res_ari_applications", "res_ari_asterisk", "res_ari_bridges", "res_ari_channels", "res_ari_device_states",
  "res_ari_endpoints", "res_ari_events", "res_ari_model", "res_ari_playbacks", "res_ari_recordings", "res_ari_sounds",
  "res_stasis", "res_stasis_answer", "res_stasis_broadcast", "res_stasis_device_state", "res_stasis_playback",
  "res_stasis_recording", "res_stasis_snoop", "res_stasis_test", "app_stasis", "app_stasis_broadcast",
  // PJSIP extras that need their own config.
  "res_pjsip_config_wizard", "res_pjsip_notify", "res_pjsip_phoneprov_provider", "res_phoneprov",
  "res_stir_shaken", "res_pjsip_stir_shaken", "res_geolocation", "res_pjsip_geolocation",
  // Monitoring, resolvers and services not present here.
  "res_hep", "res_hep_pjsip", "res_hep_rtcp", "res_prometheus", "res_snmp", "res_statsd", "res_stun_monitor",
  "res_resolver_unbound", "res_smdi", "res_calendar", "res_calendar_caldav", "res_calendar_ews", "res_calendar_exchange",
  "res_calendar_icalendar", "res_clialiases", "res_aeap", "res_speech_aeap",
  // Features without config here, and modules Asterisk itself marks as deprecated.
  "res_parking", "app_agent_pool", "app_page", "app_amd", "app_alarmreceiver", "res_http_media_cache", "app_festival", "app_followme", "res_fax", "res_fax_spandsp",
  "res_adsi", "app_adsiprog", "app_getcpeid",
];

export function renderModulesConf(): string {
  return renderConf("modules.ts", [
    {
      name: "modules",
      lines: [["autoload", true], ...NOLOAD_MODULES.map((module) => ["noload", `${module}.so`, "=>"] as const)],
    },
  ]);
}
