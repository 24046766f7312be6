// @pvemon/stack: render the stack's configuration for an environment and run it natively.
export {
  ADDRESS_ENV,
  COMPOSE_ADDRESSES,
  COMPOSE_PATHS,
  NATIVE_ADDRESSES,
  nativeAddresses,
} from './render/addresses.js';
export type { AddressName, PathName } from './render/addresses.js';
export {
  layoutPaths,
  renderAlertmanager,
  renderPrometheus,
  renderStack,
  renderText,
  writeRendered,
} from './render/render.js';
export type { RenderOptions, RenderedFiles, WrittenConfig } from './render/render.js';
export { NativeStack } from './runner/native.js';
export type { NativeOptions } from './runner/native.js';
export { startSmtpSink } from './runner/smtp-sink.js';
export type { ReceivedMail, SmtpSink } from './runner/smtp-sink.js';
export { startAlertReceiver, fetchNotifications } from './runner/alert-receiver.js';
export type { WebhookNotification } from './runner/alert-receiver.js';
export { CONFIG_FILES, repoDir, stackDir } from './paths.js';
