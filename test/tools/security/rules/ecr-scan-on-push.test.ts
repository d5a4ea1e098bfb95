import { ecrScanOnPush } from '../../../../tools/security/rules/ecr-scan-on-push';
import { check, ecrRepository, oneFinding, stackWith } from '../helpers';

describe('CKV_AWS_163 ECR scan on push', () => {
  it('passes a repository that scans on push', () => {
    expect(check(ecrScanOnPush, stackWith({ aws_ecr_repository: { Repo: ecrRepository() } }))).toEqual([]);
  });

  it.each([
    ['scan_on_push false', { image_scanning_configuration: { scan_on_push: false } }],
    ['no scanning configuration', { image_scanning_configuration: null }],
  ])('flags a repository with %s', (_, override) => {
    const stack = stackWith({ aws_ecr_repository: { Repo: ecrRepository(override) } });
    expect(check(ecrScanOnPush, stack)).toEqual(oneFinding(ecrScanOnPush, 'aws_ecr_repository.Repo', /scan_on_push is not true/));
  });
});
