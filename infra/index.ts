// Entry point for `pulumi up`: parse the stack's portal config, build the surface.
import { readPortalConfig } from "./config";
import { createPortal } from "./portal";

export = createPortal(readPortalConfig());
