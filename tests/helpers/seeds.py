"""The figures of the seed reports (../shared/seeds), as values for the templates' fields."""

T4_SELF = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, None, 1, 1, 1, 1, 1, 1, 1, None, 1, 1, 1, 1, 1,
           1, 1, 1, 1, 1, 1, 1, 10, 10, 5, 5, 10, 10, 5, 5]                      # seed 004 附件2: 97
T5_SELF = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 1, 1, 5, None, 1, 1, 0.5, 1, 1, 1, None, 1, 1,
           1, 1, 1, 1, 1, 1, 1, 9, 5, 4, 10, 5, 5, 5, 10, 5]                      # seed 004 附件5: 95

# seed 001, 附件2-1 of 洪江区社会保险服务中心 (2023)
T1_001 = {
    "unit": "洪江区社会保险服务中心", "year": 2023, "staff_authorized": 16, "staff_actual": 16,
    "car_running_prev": 3.73, "reception_budget": 0.5, "reception_actual": 0.38,
    "specials": [
        {"name": "劳动保障监察", "budget": 1.93, "actual": 1.93},
        {"name": "社会保险经办机构", "budget": 87.34, "actual": 87.34},
        {"name": "公益性岗位补贴", "budget": 16.86, "actual": 16.86},
    ],
    "public_prev": 131.43, "public_budget": 193.68, "public_actual": 193.68,
    "office_prev": 8.61, "office_budget": 2.31, "office_actual": 4.19,
    "utilities_prev": 10.74, "utilities_budget": 0.38, "utilities_actual": 5.76,
    "meetings_prev": 0.53, "meetings_budget": 0.38, "meetings_actual": 0.50,
}


def _ind(level1, level2, level3, target, actual, points, score, direction="正向"):
    return {"level1": level1, "level2": level2, "level3": level3, "direction": direction,
            "target": target, "actual": actual, "points": points, "score": score}


# seed 001, 附件2-2 of 洪江区社会保险服务中心: every indicator 10 points, 100 in all, grade left blank
T2_001 = {
    "unit": "洪江区社会保险服务中心", "year": 2023,
    "general_initial": 351.25, "general_full": 351.25, "general_executed": 351.25,
    "basic_executed": 201.98, "project_executed": 149.27,
    "goal_expected": "目标1：根据上级有关政策，做好养老保险、工伤保险政策宣传和解释工作", "goal_actual": "已完成",
    "indicators": [
        _ind("产出指标", "数量指标", "各项工作完成率", 1.0, 1.0, 10, 10),
        _ind("产出指标", "质量指标", "资金使用合规率", 1.0, 1.0, 10, 10),
        _ind("产出指标", "时效指标", "完成及时率", "2023年12月31日之前完成", "完成", 10, 10, "定性"),
        _ind("效益指标", "经济效益指标", "充分发挥资金使用效益", "效果明显", "效果明显", 10, 10, "定性"),
        _ind("效益指标", "社会效益指标", "维护参保人员的切身利益", "效果明显", "效果明显", 10, 10, "定性"),
        _ind("效益指标", "生态效益指标", "生态效益情况", "效果明显", "效果明显", 10, 10, "定性"),
        _ind("效益指标", "可持续影响指标", "可持续影响情况", "效果明显", "效果明显", 10, 10, "定性"),
        _ind("满意度指标", "服务对象满意度指标", "群众满意、工作人员满意度", 0.95, 0.95, 10, 10),
        _ind("成本指标", "经济成本指标", "整体支出成本节约率", 1.0, 1.0, 10, 10),
    ],
}

# seed 003, 2021 年度部门整体支出绩效自评表 of 株洲市社会保险服务中心: 99.50, 优
T2_003 = {
    "unit": "株洲市社会保险服务中心", "year": 2021,
    "general_initial": 1366.77, "general_full": 1387.53, "general_executed": 1387.53,
    "basic_executed": 1333.74, "project_executed": 53.79,
    "indicators": [
        _ind("产出指标", "数量指标", "全市企业养老保险离退休人数", 31.88, 32.66, 12.5, 12.5),
        _ind("产出指标", "数量指标", "全市机关养老保险离退休人数", 4.55, 4.63, 12.5, 12.5),
        _ind("产出指标", "质量指标", "全市企业养老保险离退休人员养老金发放率", 1.0, 1.0, 12.5, 12.5),
        _ind("产出指标", "质量指标", "全市机关养老保险离退休人员养老金发放率", 1.0, 1.0, 12.5, 12.5),
        _ind("效益指标", "经济效益指标", "企业职工养老待遇发放", "确保养老金发放到位", "已发放到位", 7.5, 7.5, "定性"),
        _ind("效益指标", "经济效益指标", "机关事业单位离退休人员养老待遇发放", "确保养老金发放到位", "已发放到位", 7.5, 7.5, "定性"),
        _ind("效益指标", "社会效益指标", "企业职工退休金", "保障老有所养", "保障老有所养", 7.5, 7.5, "定性"),
        _ind("效益指标", "社会效益指标", "机关事业单位离退休人员退休金", "保障老有所养", "保障老有所养", 7.5, 7.5, "定性"),
        _ind("满意度指标", "服务对象满意度指标", "参保人满意度", 0.95, 0.96, 10, 9.5),
    ],
}

# seed 003's 项目 社会保险经办专项经费 in the national project layout; one 反向 indicator missed
T3_003 = {
    "project": "社会保险经办专项经费", "year": 2021, "department": "株洲市人力资源和社会保障局",
    "unit": "株洲市社会保险服务中心",
    "appropriation_initial": 48, "appropriation_full": 48, "appropriation_executed": 48,
    "indicators": [
        _ind("产出指标", "数量指标", "个人权益记录", 1.0, 1.0, 30, 30),
        _ind("产出指标", "成本指标", "经办成本增长率", 0.03, 0.04, 20, 15, "反向"),
        _ind("效益指标", "社会效益指标", "城乡居民基本养老保险全覆盖", "效果明显", "效果明显", 30, 30, "定性"),
        _ind("满意度指标", "服务对象满意度指标", "参保人满意度", 0.95, 0.97, 10, 10),
    ],
}

# seed 002, the two 项目 tables of 湘阴县人力资源和社会保障局 (Hunan county layout)
T3HN_002 = [
    {
        "project": "社保基金征缴经费", "year": 2021, "unit": "湘阴县人社局", "department": "湘阴县人社局",
        "leader": "王剑", "phone": "13575055588", "period": "2021年1月起至2021年12月止",
        "county_planned": 50, "county_received": 50, "county_spent": 50,
        "expenses": [{"item": "办公费", "amount": 23}, {"item": "印刷费", "amount": 13.7},
                     {"item": "差旅费", "amount": 11.4}, {"item": "维修费", "amount": 0.2},
                     {"item": "邮电费", "amount": 0.4}, {"item": "加班用餐", "amount": 1.3}],
        "indicators": [
            {"level1": "项目产出指标", "level2": "质量指标", "content": "确保基金缴纳工作正常运行", "target": "100%", "actual": "100%"},
            {"level1": "项目产出指标", "level2": "时效指标", "content": "项目在时效内完成", "target": "12个月", "actual": "2021年1-12月"},
            {"level1": "项目效益指标", "level2": "服务对象满意度指标", "content": "群众满意度", "target": "90%", "actual": "95%"},
        ],
        "total_score": 95,
    },
    {
        "project": "智慧人社（村级平台）运转经费", "year": 2021, "unit": "湘阴县人社局", "department": "湘阴县人社局",
        "county_planned": 30, "county_received": 30, "county_spent": 30,
        "expenses": [{"item": "办公费", "amount": 7.4}, {"item": "软件维护费", "amount": 11.7},
                     {"item": "宣传费", "amount": 5.4}, {"item": "加班用餐", "amount": 3.7},
                     {"item": "租车费", "amount": 0.2}, {"item": "差旅费", "amount": 1.6}],
        "total_score": 95,
    },
]

T4_004 = {"unit": "桃江县社会保险服务中心", "year": 2021, "fill_date": "2022年5月24日",
          "items": [{"self": s} for s in T4_SELF]}
T5_004 = {"unit": "桃江县社会保险服务中心", "year": 2021,
          "project": "县财政对城乡居民养老保险基础养老金补助和缴费补助",
          "items": [{"self": s} for s in T5_SELF]}

FILLS = {
    "T1-001": ("T1", T1_001), "T2-001": ("T2", T2_001), "T2-003": ("T2", T2_003), "T3-003": ("T3", T3_003),
    "T3-HN-002a": ("T3-HN", T3HN_002[0]), "T3-HN-002b": ("T3-HN", T3HN_002[1]),
    "T4-004": ("T4", T4_004), "T5-004": ("T5", T5_004),
}

# seed 003, 公开02/03/05/07表 of 株洲市社会保险服务中心 (2021), as values of our T6 templates
_CODES_003 = [("208", "社会保障和就业支出", 1387.53, 1333.74, 53.79), ("20801", "人力资源和社会保障管理事务", 1363.97, 1315.97, 48.00),
              ("2080101", "行政运行", 1246.25, 1246.25, None), ("2080107", "社会保险业务管理事务", 52.35, 52.35, None),
              ("2080109", "社会保险经办机构", 17.37, 17.37, None), ("2080199", "其他人力资源和社会保障管理事务支出", 48.00, None, 48.00),
              ("20805", "行政事业单位养老支出", 17.78, 17.78, None), ("2080501", "行政单位离退休", 17.78, 17.78, None),
              ("20807", "就业补助", 5.79, None, 5.79), ("2080704", "社会保险补贴", 1.71, None, 1.71),
              ("2080705", "公益性岗位补贴", 4.08, None, 4.08)]
T6_02_003 = {"unit": "株洲市社会保险服务中心", "year": 2021,
             "rows": [{"code": c, "name": n, "fiscal": v} for c, n, v, _, _ in _CODES_003]}
T6_03_003 = {"unit": "株洲市社会保险服务中心", "year": 2021,
             "rows": [{"code": c, "name": n, "basic": b, "project": p} for c, n, _, b, p in _CODES_003]}
T6_07_003 = {"unit": "株洲市社会保险服务中心", "year": 2021, "budget_car_running": 6.0, "budget_reception": 3.0,
             "actual_car_running": 6.0, "actual_reception": 1.94}
T6_01_003 = {"unit": "株洲市社会保险服务中心", "year": 2021, "general_amount": 1387.53, "f08_amount": 1387.53}
# seed 002, 部门（单位）收支情况 of 湘阴县人力资源和社会保障局 (2021)
T7_002 = {"unit": "湘阴县人力资源和社会保障局", "year": 2021,
          "income_units": [{"name": "局机关", "fiscal": 48929.9}],
          "expense_units": [{"name": "局机关", "personnel": 1726.1, "public": 1042.1, "project": 46161.7}],
          "sangong_units": [{"name": "局机关", "reception": 8.9, "car_running": 0, "car_purchase": 0, "abroad": 0},
                            {"name": "二级机构"}],
          "assets_units": [{"name": "局机关", "in_use": 5211.52}]}

FILLS.update({"T6-01-003": ("T6-01", T6_01_003), "T6-02-003": ("T6-02", T6_02_003), "T6-03-003": ("T6-03", T6_03_003),
              "T6-07-003": ("T6-07", T6_07_003), "T7-002": ("T7", T7_002)})
