import { RemoteSite } from "../pbx/src/remote-site";
import { execFileSync } from "node:child_process";
const ROOT = `${process.env.HOME}/.cache/handoff/asterisk-root`;
const main = (c: string) => execFileSync("chroot", [ROOT, "asterisk", "-rx", c], { encoding: "utf8" });
const site = await RemoteSite.start();
try {
  await site.cli("pjsip set logger on");
  main("pjsip set logger on");
  for (const exten of (process.env.EXTENS ?? "2999").split(",")) {
    console.log(main(`channel originate PJSIP/${exten}@lab application Playtones 440`));
    await new Promise((r) => setTimeout(r, 2500));
    console.log(main("core show channels"));
  }
  main("pjsip set logger off");
} finally {
  if (process.env.KEEP !== "1") await site.stop();
}
