export { errorAnswer, FakeHandoffServer, type Answer, type RecordedRequest, type RouteHandler } from "./fake-handoff-server";
export * from "./fixtures";
export { ManualClock, until } from "./manual-clock";
