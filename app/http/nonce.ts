// The CSP nonce of the response being rendered (app/http/security-headers.server.ts), for the
// inline scripts Remix writes. Provided by app/entry.server.tsx; empty in the browser, which
// needs none for scripts it adds itself.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
