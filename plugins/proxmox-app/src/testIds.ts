/** Every data-testid of the app, in one place (the harness and jest tests import it). */
export const testIds = {
  appConfig: {
    container: 'data-testid pvemon-config',
    datasource: 'data-testid pvemon-config-datasource',
    sdServerUrl: 'data-testid pvemon-config-sd-url',
    job: (key: string) => `data-testid pvemon-config-job-${key}`,
    submit: 'data-testid pvemon-config-submit',
  },
  vmDetail: {
    inGuestStatus: 'data-testid pvemon-in-guest-status',
  },
  csvMenuItem: 'Download CSV',
};
