// `npm run call -- <extension>`: a demo customer call (playing a tone) to an agent, the queue, or anyone.
import { AmiClient } from "../server/src/ami";
import { loadPbxConnection } from "../pbx/src/connection";

const extension = process.argv[2] ?? "";
if (!/^\d{2,8}$/.test(extension)) {
  console.error("usage: npm run call -- <extension>   (for example 1001, or 2000 for the support queue)");
  process.exit(2);
}
const { amiTest } = loadPbxConnection();
if (amiTest === null) {
  console.error("This PBX has no test AMI user to place calls with (HANDOFF_AMI_TEST_USERNAME/SECRET).");
  process.exit(1);
}
const ami = await AmiClient.connect({ ...amiTest, allowedActions: new Set(["Originate"]), keepaliveMs: false });
const caller = `555${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
await ami.send("Originate", { Channel: `Local/${extension}@handoff-inbound`, Context: "handoff-customer", Exten: "s", Priority: 1, CallerID: `Customer <${caller}>`, Async: "true" });
console.log(`Customer ${caller} is calling ${extension}; it plays a tone until someone hangs up.`);
await ami.close();
