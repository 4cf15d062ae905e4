import { connectBridge } from "../store/connect-bridge";
import { createAppStore } from "../store/create-app-store";
import type { AppStore } from "../store/types";
import { FakeBridge } from "./fake-bridge";
import { FakePhone } from "./fake-phone";

/** A store wired to fakes, signed in as SELF, the directory loaded. */
export async function signedInStore(bridge = new FakeBridge()): Promise<{ store: AppStore; bridge: FakeBridge; phone: FakePhone }> {
  let phone: FakePhone | null = null;
  const store = createAppStore({
    bridge,
    createPhone: (reporter) => (phone = new FakePhone(reporter)),
  });
  connectBridge(bridge, store);
  await store.getState().restoreSession("http://server.test");
  await store.getState().signIn({ serverUrl: "http://server.test", username: "sam", password: "pw", remember: false });
  if (store.getState().agent === null) throw new Error(`the fake sign-in failed: ${store.getState().sessionError ?? "no error"}`);
  store.getState().registrationChanged("registered");
  return { store, bridge, phone: phone! };
}
