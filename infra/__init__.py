"""AWS CDK app of the Kreisjobcenter services: one stack per stage, composed of the constructs in components/."""
