import { blocksOf, finder, isTrue, resourcesOf, type SecurityRule } from '../model';

const ID = 'CKV_AWS_163';

/** Every ECR repository scans each image when it is pushed. */
export const ecrScanOnPush: SecurityRule = {
  id: ID,
  title: 'ECR repositories scan images on push',
  resourceTypes: ['aws_ecr_repository'],
  check(stack) {
    const finding = finder(ID);
    return resourcesOf(stack, 'aws_ecr_repository')
      .filter((repository) => !blocksOf(repository.attributes.image_scanning_configuration).some((block) => isTrue(block.scan_on_push)))
      .map((repository) => finding(repository.address, 'image_scanning_configuration.scan_on_push is not true: pushed images are not scanned for vulnerabilities'));
  },
};
