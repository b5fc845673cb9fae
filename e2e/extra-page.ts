/** A Facebook page the fake Graph knows and no demo account has (e2e/ui-channel-settings.spec.ts connects it). */
export const E2E_EXTRA_PAGE = { pageId: "100000000000777", token: "EAAB-e2e-extra-page-token" };
