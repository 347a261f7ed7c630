/** User settings for a test or sandbox VS Code: quiet, offline, and the agent's panel in front. */
export function hostSettings(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    // Each completed run would make one more model request; scenarios script that turn only in
    // the tests of next-step chips, which turn this on.
    'geminiAgent.nextSteps.enabled': false,
    // Each task that changes files would be reviewed, one more model request; scenarios script
    // the reviewer's turns only in the agents tests, which turn it on.
    'geminiAgent.agents.reviewer.enabled': false,
    ...extra,
  };
}
