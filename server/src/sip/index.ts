export { SipAuthTable, SipAuthTableError, type SipAuthHolder } from "./auth-table";
export { SipCredentials, type SipCredentialsOptions } from "./credentials";
export { RegistrarError, WsRegistrar, type Registrar } from "./registrar-client";
