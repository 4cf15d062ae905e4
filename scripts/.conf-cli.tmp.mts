import { AmiClient } from "/work/wt-conference/server/src/ami/index.ts";
import { loadPbxConnection } from "/work/wt-conference/pbx/src/connection.ts";
const { amiTest } = loadPbxConnection();
const ami = await AmiClient.connect({ ...amiTest, allowedActions: new Set(["Command"]), keepaliveMs: false });
for (const cmd of process.argv.slice(2)) {
  const r = await ami.send("Command", { Command: cmd });
  console.log(`== ${cmd}\n` + JSON.stringify(r.response.fields(), null, 1) + (r.response.text ?? ""));
}
await ami.close();
