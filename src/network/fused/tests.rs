use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use super::*;
use crate::adam::AdamSettings;
use crate::network::step::with_stepper;
use crate::test_data::synthetic;

/// Six settings, so that a pass holds a full chunk of four and a partial one.
fn settings() -> Vec<AdamSettings> {
    [
        (3e-3, 0.9, 0.999, 0.0),
        (1e-3, 0.85, 0.99, 0.01),
        (5e-3, 0.95, 0.995, 0.0),
    ]
    .iter()
    .cycle()
    .take(6)
    .enumerate()
    .map(|(i, &(lr, b1, b2, wd))| AdamSettings {
        learning_rate: lr * (1.0 + i as f32 / 10.0),
        beta1: b1,
        beta2: b2,
        epsilon: 1e-8,
        weight_decay: wd,
    })
    .collect()
}

fn bits(net: &Network) -> Vec<u32> {
    net.params.iter().map(|p| p.to_bits()).collect()
}

#[test]
fn fused_steps_are_bit_identical_to_training_each_network_alone() {
    let images = synthetic(300, 7);
    let split = images.all();
    let start = Network::he_init(&mut ChaCha8Rng::seed_from_u64(8));
    // A last batch shorter than the rest, as at the end of an epoch.
    let order: Vec<u32> = (0..300).rev().chain(0..17).collect();
    let batches: Vec<&[u32]> = order.chunks(13).collect();

    let mut alone = Vec::new();
    for s in settings() {
        let mut net = start.clone();
        let mut adam = Adam::new(s, PARAM_COUNT);
        let costs: Vec<f64> = with_stepper(1, split, net.input_scale, 13, |st| {
            batches
                .iter()
                .map(|b| st.step(&mut net, &mut adam, b, &[]))
                .collect()
        });
        alone.push((bits(&net), costs));
    }

    let mut nets: Vec<Network> = settings().iter().map(|_| start.clone()).collect();
    let mut adams: Vec<Adam> = settings()
        .into_iter()
        .map(|s| Adam::new(s, PARAM_COUNT))
        .collect();
    let mut fused = FusedStep::new();
    let mut costs = vec![Vec::new(); nets.len()];
    for (b, batch) in batches.iter().enumerate() {
        // Networks leave part-way, as configurations that stop early do.
        let live = if b < 10 { nets.len() } else { 3 };
        let mut lanes: Vec<Lane> = nets
            .iter_mut()
            .zip(adams.iter_mut())
            .take(live)
            .map(|(net, adam)| Lane { net, adam })
            .collect();
        for (c, cost) in fused
            .step(split, batch, &[], &mut lanes)
            .into_iter()
            .enumerate()
        {
            costs[c].push(cost);
        }
    }
    for (c, net) in nets.iter().enumerate() {
        if c < 3 {
            assert_eq!(bits(net), alone[c].0, "network {c}'s weights");
            assert_eq!(costs[c], alone[c].1, "network {c}'s costs");
        } else {
            assert_ne!(bits(net), alone[c].0, "network {c} left after 10 steps");
            assert_eq!(costs[c][..], alone[c].1[..10], "network {c}'s costs");
        }
    }
    // The settings differ, so the networks must too.
    assert_ne!(bits(&nets[0]), bits(&nets[1]));
}

#[test]
fn fused_forward_matches_the_single_network_forward() {
    let images = synthetic(90, 9);
    let split = images.all();
    let mut rng = ChaCha8Rng::seed_from_u64(10);
    let nets: Vec<Network> = (0..5).map(|_| Network::he_init(&mut rng)).collect();
    let refs: Vec<&Network> = nets.iter().collect();
    let mut probs = vec![Vec::new(); 5];
    let mut costs = vec![Vec::new(); 5];
    forward_range(&refs, split, 7, 80, &mut probs, &mut costs);
    for (c, net) in nets.iter().enumerate() {
        let mut want_p = vec![[0.0; OUTPUTS]; 80];
        let mut want_c = vec![0.0; 80];
        kernel::forward_range(net, split, 7, &mut want_p, &mut want_c);
        assert_eq!(probs[c], want_p, "network {c}");
        assert_eq!(costs[c], want_c, "network {c}");
    }
}
