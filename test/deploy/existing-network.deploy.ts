// An existing network: its VPC and two subnets are made in the emulator first, then given to the environment.
import * as path from 'node:path';
import { buildApp } from '../../stacks/app/app';
import { IMAGE_URI, onExistingNetwork, REGION, workflow } from '../helpers';
import { xmlValues } from './aws-calls';
import { describeDeploy } from './deploy-harness';

describeDeploy({
  name: 'an existing VPC and subnets',
  synthesize: async (aws, outdir) => {
    const vpcId = xmlValues(await aws.query('ec2', 'CreateVpc', { CidrBlock: '10.20.0.0/16' }), 'vpcId')[0];
    // As a network whose tasks reach ECR, Logs and Secrets Manager through interface endpoints must be: private DNS
    // names of endpoints need DNS support and hostnames on (https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html).
    for (const attribute of ['EnableDnsSupport', 'EnableDnsHostnames']) await aws.query('ec2', 'ModifyVpcAttribute', { VpcId: vpcId, [`${attribute}.Value`]: 'true' });
    const subnetIds: string[] = [];
    for (const [index, zone] of ['a', 'c'].entries()) {
      subnetIds.push(xmlValues(await aws.query('ec2', 'CreateSubnet', { VpcId: vpcId, CidrBlock: `10.20.${index}.0/24`, AvailabilityZone: `${REGION}${zone}` }), 'subnetId')[0]);
    }
    const env = onExistingNetwork({ vpcId, subnetIds }, { workflows: [workflow('etl', { notifyOnSuccess: true })] });
    buildApp([env], { outdir, variables: { NOTIFIER_IMAGE_URI: IMAGE_URI } }).synth();
    return path.join(outdir, 'stacks', env.name);
  },
});
