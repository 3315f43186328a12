// The zod locales the app uses. Its messages are English (zod's default, set by zod itself from
// locales/en.js); a locale configured with z.config(z.locales.xx()) must be listed here.
export { default as en } from "../../node_modules/zod/v4/locales/en.js";
