// The transport names of the desktop API, apart from the schemas so that the preload script (which
// Electron's sandbox lets require nothing but `electron`) bundles these two strings and no zod.
/** The Electron IPC channel every call goes through: `ipcRenderer.invoke(API_CHANNEL, op, payload)`. */
export const API_CHANNEL = 'cub-scout:api';
/** Browser mode: `POST ${API_PATH_PREFIX}<op>` with a JSON body. */
export const API_PATH_PREFIX = '/api/';
