import { describe, expect, it } from "vitest";
import { FakePhone } from "../test-support/fake-phone";
import { LazyPhone } from "./lazy-phone";
import type { TelephonyReporter } from "./types";

const reporter: TelephonyReporter = { registrationChanged: () => undefined, callChanged: () => undefined, callRemoved: () => undefined };
const CREDENTIALS = { wsServer: "ws://pbx.test:8088/ws", aor: "sip:1001@pbx.test", authorizationUsername: "1001", authorizationPassword: "pw", displayName: "Sam" };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("LazyPhone", () => {
  it("starts the engine once it has loaded, with the devices chosen before", async () => {
    const engine = new FakePhone(reporter);
    const loading = deferred<FakePhone>();
    const phone = new LazyPhone(loading.promise);
    phone.setAudioDevices({ microphoneId: "mic-2", speakerId: null });
    const started = phone.start(CREDENTIALS);
    expect(engine.calledWith("start")).toEqual([]);
    loading.resolve(engine);
    await started;
    expect(engine.calledWith("setAudioDevices")).toEqual([[{ microphoneId: "mic-2", speakerId: null }]]);
    expect(engine.calledWith("start")).toEqual([[CREDENTIALS]]);
    phone.setAudioDevices({ microphoneId: null, speakerId: "out-1" });
    expect(engine.calledWith("setAudioDevices")).toHaveLength(2);
  });

  it("a chunk that fails to load fails the start (shown as a registration failure), and stop has nothing to stop", async () => {
    const phone = new LazyPhone(Promise.reject(new Error("Failed to fetch dynamically imported module")));
    await expect(phone.start(CREDENTIALS)).rejects.toThrow("Failed to fetch");
    await expect(phone.stop()).resolves.toBeUndefined();
  });
});
